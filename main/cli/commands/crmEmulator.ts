import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import os from 'node:os';
import path from 'node:path';
import { createCrmEmulator } from '../../../sync/emulator';
import type { CrmEmulator } from '../../../sync/emulator';
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

/** What the command prints at start: where it is, the admin token, a code to enrol a till, members to try. */
export function describeCrmEmulator(crm: CrmEmulator, enrolmentCode: string): string {
  const lines = [
    `CRM emulator listening on ${crm.url}  (${crm.members.toLocaleString('en')} demo members, seed ${crm.seed})`,
    `admin token: ${crm.adminToken}`,
    `enrol a till: tillid enrol --crm ${crm.url} --code ${enrolmentCode}`,
    'demo members to try:',
  ];
  for (let i = 0; i < Math.min(3, crm.members); i++) {
    const m = crm.demoMember(i);
    const extras = [m.email, m.cardNumber && `card ${m.cardNumber}`, m.memberNumber && `member ${m.memberNumber}`].filter(Boolean).join(', ');
    lines.push(`  ${m.profileId} ${m.firstName} ${m.lastName}: ${m.phoneLocal}${extras ? `, ${extras}` : ''}`);
  }
  return lines.join('\n');
}

/** `tillid crm-emulator`: the emulated CRM as a standalone server, until Ctrl-C. */
export function registerCrmEmulatorCommand(program: Command): void {
  program
    .command('crm-emulator')
    .description('run the emulated CRM (sync protocol + admin API) on 127.0.0.1 with deterministic demo members')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks one)', integer('--port', 0, 65535), 7430)
    .option('--members <n>', 'demo members to seed into a fresh data directory', integer('--members', 0, 10_000_000), 1000)
    .option('--seed <s>', 'seed of the demo members', integer('--seed', 0, 2 ** 31 - 1), 1)
    .option('--data <dir>', 'data directory of the emulator', path.join(os.homedir(), '.tillid', 'crm-emulator'))
    .option('--admin-token <token>', 'bearer token for the admin API (generated when absent)')
    .option('--retention <n>', 'changes kept in the feed before old cursors expire', integer('--retention', 1, 100_000_000), 100_000)
    .action(async (flags: CrmEmulatorFlags) => {
      const logger = createLogger();
      const crm = await createCrmEmulator({
        port: flags.port, members: flags.members, seed: flags.seed, dataDir: path.resolve(flags.data),
        adminToken: flags.adminToken, changeRetention: flags.retention, logger,
      });
      const code = crm.parts.enrolment.issueCode(Date.now(), 86_400).code;
      console.log(describeCrmEmulator(crm, code));
      await untilStopSignal();
      await crm.close();
    });
}
