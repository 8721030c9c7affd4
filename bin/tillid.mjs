#!/usr/bin/env node
// The `tillid` command. Runs the bundle `npm run build` makes (dist/cli/tillid.mjs: plain Node, no TypeScript loader,
// well under a second to start) when it is there and no source it was built from changed since; else the TypeScript
// sources through tsx, so a clone needs no build step and an edit is never hidden behind an old bundle.
import path from 'node:path';
import { bundlesAreFresh } from './bundleFreshness.mjs';

const root = path.resolve(import.meta.dirname, '..');
if (bundlesAreFresh(root)) {
  await import('../dist/cli/tillid.mjs');
} else {
  const tsx = await import('tsx/esm/api').catch(() => undefined);
  if (!tsx) {
    console.error('tillid: dist/ holds no up-to-date build, and tsx (a devDependency) is not installed to run the sources: run `npm run build`.');
    process.exit(1);
  }
  tsx.register();
  const { runCli } = await import('../main/cli/main.ts');
  await runCli(process.argv);
}
