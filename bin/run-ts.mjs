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
await import(pathToFileURL(path.resolve(file)).href);
