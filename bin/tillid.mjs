#!/usr/bin/env node
// The `tillid` command. Runs the TypeScript sources through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../main/cli/main.ts');
await runCli(process.argv);
