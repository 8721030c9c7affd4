#!/usr/bin/env node
// Builds what runs outside development, so that a run needs neither esbuild nor tsx (both devDependencies):
// - the `tillid` command as one ES module under plain Node (no TypeScript loader in the process: ~35 MB less memory,
//   a start in well under a second), dist/cli/tillid.mjs;
// - the Electron shell and the renderer bundle the POS API serves, dist/electron and dist/renderer;
// - the hub's fleet page, dist/fleet.
// Each bundle writes the list of source files it was built from; bin/tillid.mjs runs the bundle only while none of
// them changed (bin/bundleFreshness.mjs). `node scripts/build.mjs [ENTRY OUTFILE]` bundles one other entry instead.
// Bundles sit two folders deep (dist/cli/…), like the sources they come from, so the few paths the code resolves from
// its own location (dist/renderer, package.json) still land in the project; the hash worker is copied beside each bundle.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');
const workers = [
  ...['hashWorker.mjs', 'indexBuildWorker.mjs'].map((worker) => path.join('sync', 'cache', worker)),
  path.join('hub', 'simulate', 'bootstrapProcess.mjs'),
];

export async function bundleNodeEntry(entry, outfile) {
  mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    legalComments: 'none',
    sourcemap: 'linked',
    metafile: true,
    banner: { js: "import { createRequire as __tillidCreateRequire } from 'node:module'; const require = __tillidCreateRequire(import.meta.url);" },
  });
  for (const worker of workers) copyFileSync(path.join(root, worker), path.join(path.dirname(outfile), path.basename(worker)));
  const inputs = [...Object.keys(result.metafile.inputs).filter((input) => !input.includes(':')), ...workers];
  writeFileSync(`${outfile}.inputs.json`, `${JSON.stringify({ inputs }, null, 1)}\n`);
  return outfile;
}

/** The Electron shell, with the renderer bundle in dist/renderer (main/electron/bundleShell.ts, loaded through tsx). */
async function bundleShellAndRenderer() {
  const { bundleElectronShell } = await tsImport('../main/electron/bundleShell.ts', import.meta.url);
  await bundleElectronShell({ outDir: path.join(root, 'dist') });
}

/** The hub's fleet page in dist/fleet, which `tillid hub` serves when run from the bundle (hub/fleetHost). */
async function bundleFleetPage() {
  const { buildFleetPageBundle } = await tsImport('../hub/fleetHost/fleetPageBundle.ts', import.meta.url);
  await buildFleetPageBundle({ outDir: path.join(root, 'dist', 'fleet') });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entry, outfile] = process.argv.slice(2);
  if (entry && outfile) {
    await bundleNodeEntry(path.resolve(entry), path.resolve(outfile));
  } else {
    // Manifests last: while they are gone, bin/tillid.mjs runs the sources rather than a half-written bundle.
    for (const manifest of ['cli/tillid.mjs.inputs.json', 'renderer/inputs.json', 'electron/inputs.json']) rmSync(path.join(root, 'dist', manifest), { force: true });
    await Promise.all([bundleNodeEntry(path.join(root, 'main', 'cli', 'entry.ts'), path.join(root, 'dist', 'cli', 'tillid.mjs')), bundleShellAndRenderer(), bundleFleetPage()]);
  }
}
