import { Command, CommanderError } from 'commander';
import { registerCrmEmulatorCommand } from './commands/crmEmulator';
import { registerDevicesCommand } from './commands/devices';
import { registerEmulateCommand } from './commands/emulate';
import { registerEnrolCommand } from './commands/enrol';
import { registerHubCommand } from './commands/hub';
import { registerSyncCommand } from './commands/sync';
import { registerRecordCommand } from './commands/record';
import { registerStartCommand } from './commands/start';
import { registerTokenCommand } from './commands/token';
import { TILLID_VERSION } from '../version';
import { explainCliError } from './explainError';

/** The `tillid` command. Each sub-command lives in its own file under commands/. */
export async function runCli(argv: string[]): Promise<void> {
  const program = new Command()
    .name('tillid')
    .description('Tillid: in-store customer identification for retail tills')
    .version(TILLID_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerTokenCommand(program);
  registerEnrolCommand(program);
  registerSyncCommand(program);
  registerCrmEmulatorCommand(program);
  registerHubCommand(program);
  registerDevicesCommand(program);
  registerEmulateCommand(program);
  registerRecordCommand(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(`tillid: ${explainCliError(error)}`);
    process.exit(1);
  }
}
