import type { Command } from 'commander';
import { z } from 'zod';
import { simulateFleet } from '../../../hub/simulate/fleetSimulator';
import { SimulateOptionsSchema } from '../../../hub/simulate/simulateOptions';

interface SimulateFlags {
  hub: string;
  adminToken?: string;
  tills: string;
  seconds: string;
  receiptsPerSecond: string;
  bootstrappers: string;
}

const numberFlag = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/**
 * `tillid hub simulate`: a bounded fleet of simulated tills against a hub on this machine; prints one JSON report
 * and exits 1 when any request failed or a receipt is not in the ledger exactly once.
 */
export function registerHubSimulateCommand(hub: Command): void {
  hub
    .command('simulate')
    .description('load a hub on this machine with a simulated fleet of tills (bounded; loopback only) and print a JSON report')
    .requiredOption('--hub <url>', 'the hub, on this machine (e.g. http://127.0.0.1:7440)')
    .option('--admin-token <token>', 'the hub\'s admin token (or set TILLID_HUB_ADMIN_TOKEN)')
    .option('--tills <n>', 'simulated tills, 1 to 5000', '10')
    .option('--seconds <s>', 'how long the load runs, 1 to 600', '10')
    .option('--receipts-per-second <r>', 'receipts uploaded per second by the whole fleet', '0')
    .option('--bootstrappers <b>', 'tills that bootstrap the whole member list meanwhile', '0')
    .action(async (_flags: unknown, command: Command) => {
      // `hub` has an --admin-token of its own, which commander fills wherever the flag stands: read both levels.
      const flags = command.optsWithGlobals<SimulateFlags>();
      const parsed = SimulateOptionsSchema.safeParse({
        hub: flags.hub, adminToken: flags.adminToken ?? process.env.TILLID_HUB_ADMIN_TOKEN ?? '',
        tills: numberFlag(flags.tills), seconds: numberFlag(flags.seconds), receiptsPerSecond: numberFlag(flags.receiptsPerSecond), bootstrappers: numberFlag(flags.bootstrappers),
      });
      if (!parsed.success) {
        // The admin token is never echoed: the issues name the flag, not the value.
        process.stderr.write(`tillid hub simulate: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}\n`);
        process.exitCode = 2;
        return;
      }
      const report = await simulateFleet(parsed.data);
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (report.errors.total > 0 || report.ledger.verdict !== 'exactly_once') process.exitCode = 1;
    });
}
