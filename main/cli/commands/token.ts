import type { Command } from 'commander';
import { resolveDataDirectory } from '../../../sync/cache/dataDirectory';
import { readApiToken } from '../../till/apiToken';

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print the POS API bearer token of a till (made at its first start)')
    .option('--data <dir>', 'data directory (default ~/.tillid)')
    .action((options: { data?: string }) => {
      const dir = resolveDataDirectory(options.data);
      const token = readApiToken(dir);
      if (!token) {
        console.error(`No till has started in ${dir} yet: run \`tillid start --data ${dir}\` once.`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${token}\n`);
    });
}
