import type { Command } from 'commander';

type Register = (program: Command) => void;

/** The sub-commands of the drivers and sync layers, registered by the one file that owns each. */
export async function optionalCommands(): Promise<Register[]> {
  const registers: Register[] = [];
  return registers;
}
