#!/usr/bin/env node
// Builds what runs outside development: the `tillid` command as one ES module under plain Node (no TypeScript loader
// in the process: ~35 MB less memory, faster start), and the renderer bundle. `node scripts/build.mjs [ENTRY OUTFILE]`.
// Bundles sit two folders deep (dist/cli/…), like the sources they come from, so the few paths the code resolves from
// its own location (renderer/, package.json) still land in the project; the hash worker is copied beside each bundle.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export async function bundleNodeEntry(entry, outfile) {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    legalComments: 'none',
    sourcemap: 'linked',
    banner: { js: "import { createRequire as __tillidCreateRequire } from 'node:module'; const require = __tillidCreateRequire(import.meta.url);" },
  });
  for (const worker of ['hashWorker.mjs', 'indexBuildWorker.mjs']) copyFileSync(path.join(root, 'sync', 'cache', worker), path.join(path.dirname(outfile), worker));
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entry, outfile] = process.argv.slice(2);
  if (entry && outfile) {
    await bundleNodeEntry(path.resolve(entry), path.resolve(outfile));
  } else {
    await bundleNodeEntry(path.join(root, 'main', 'cli', 'entry.ts'), path.join(root, 'dist', 'cli', 'tillid.mjs'));
  }
}
