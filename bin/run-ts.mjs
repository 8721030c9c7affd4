#!/usr/bin/env node
// Runs one TypeScript entry file (scripts, the benchmark) under tsx: `node bin/run-ts.mjs FILE [args…]`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const file = process.argv[2];
if (!file) {
  console.error('usage: run-ts.mjs FILE [args…]');
  process.exit(2);
}
process.argv.splice(1, 1);
// A runner of whatever file it is given (scripts, the benchmark): the one import whose path is computed by design.
// eslint-disable-next-line tillid/layering
await import(pathToFileURL(path.resolve(file)).href);
