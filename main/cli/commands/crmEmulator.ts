import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHub } from '../../../hub';
import type { Hub } from '../../../hub';
import { asDemoConnector, createDemoConnector } from '../../../hub/connectors/demo/demoConnector';
import type { DemoConnector } from '../../../hub/connectors/demo/demoConnector';
import { createLogger } from '../../log';
import { untilStopSignal } from '../untilStopSignal';

function integer(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

interface CrmEmulatorFlags {
  port: number;
  members: number;
  seed: number;
  data: string;
  adminToken?: string;
  retention: number;
}

/** The file the SQLite emulated CRM kept its data in, before it became the hub with the demo connector. */
const OLD_EMULATOR_DATABASE = 'crm-emulator.sqlite';

/** What the command prints at start: where it is, the admin token, a code to enrol a till, members to try. */
export function describeCrmEmulator(hub: Pick<Hub, 'url' | 'adminToken'>, demo: DemoConnector, enrolmentCode: string): string {
  const lines = [
    `CRM emulator listening on ${hub.url}  (${demo.members.toLocaleString('en')} demo members, seed ${demo.seed})`,
    `admin token: ${hub.adminToken}`,
    `enrol a till: tillid enrol --crm ${hub.url} --code ${enrolmentCode}`,
    'demo members to try:',
  ];
  for (let i = 0; i < Math.min(3, demo.members); i++) {
    const m = demo.member(i);
    const extras = [m.email, m.cardNumber && `card ${m.cardNumber}`, m.memberNumber && `member ${m.memberNumber}`].filter(Boolean).join(', ');
    lines.push(`  ${m.profileId} ${m.firstName} ${m.lastName}: ${m.phoneLocal}${extras ? `, ${extras}` : ''}`);
  }
  return lines.join('\n');
}

/**
 * `tillid crm-emulator`: the emulated CRM as a standalone server, until Ctrl-C. It is the hub with the demo connector
 * (the same as `tillid hub --connector demo`) on PGlite in `--data`, on 127.0.0.1, with the emulated CRM's flags.
 */
export function registerCrmEmulatorCommand(program: Command): void {
  program
    .command('crm-emulator')
    .description('run the emulated CRM (sync protocol + admin API) on 127.0.0.1 with deterministic demo members: the hub with the demo connector')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks one)', integer('--port', 0, 65535), 7430)
    .option('--members <n>', 'demo members to import into a fresh data directory', integer('--members', 0, 10_000_000), 1000)
    .option('--seed <s>', 'seed of the demo members', integer('--seed', 0, 2 ** 31 - 1), 1)
    .option('--data <dir>', 'data directory of the emulator (its embedded database, PGlite)', path.join(os.homedir(), '.tillid', 'crm-emulator'))
    .option('--admin-token <token>', 'bearer token for the admin API (generated when absent)')
    .option('--retention <n>', 'changes kept in the feed before old cursors expire', integer('--retention', 1, 100_000_000), 100_000)
    .action(async (flags: CrmEmulatorFlags) => {
      const logger = createLogger();
      const dataDir = path.resolve(flags.data);
      if (existsSync(path.join(dataDir, OLD_EMULATOR_DATABASE))) {
        console.log(`${path.join(dataDir, OLD_EMULATOR_DATABASE)} is the old emulated CRM's and is not read: the demo members are imported again`);
      }
      const hub = await createHub({
        dataDir, port: flags.port, host: '127.0.0.1', adminToken: flags.adminToken, changeRetention: flags.retention, logger,
        connector: createDemoConnector({ members: flags.members, seed: flags.seed }),
      });
      // A reopened data directory keeps the demo members it was filled with.
      const demo = asDemoConnector(hub.connector);
      if (demo === null) throw new Error('the crm emulator runs with the demo connector');
      const { code } = await hub.parts.enrolment.issueCode(hub.parts.defaultStoreId, Date.now(), 86_400);
      console.log(describeCrmEmulator(hub, demo, code));
      await untilStopSignal();
      await hub.close();
    });
}
