import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildRendererBundle, sourceFiles } from '../api/rendererBundle';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ShellBundle {
  /** Electron's entry: pass it to the electron binary, or ship it (electron-builder's extraMetadata.main). */
  main: string;
  preload: string;
  rendererDir: string;
}

/**
 * Builds what Electron runs, into `<outDir>/electron` and `<outDir>/renderer`: the main process as one ES module
 * (packages stay in node_modules, native ones unpacked from asar), the preload as one CommonJS file (a sandboxed
 * preload cannot load modules), and the renderer bundle the POS API serves.
 */
export async function bundleElectronShell(options: { outDir?: string; minify?: boolean } = {}): Promise<ShellBundle> {
  const outDir = options.outDir ?? path.join(REPO_ROOT, 'dist');
  const { build } = await import('esbuild');
  const main = path.join(outDir, 'electron', 'main.mjs');
  const preload = path.join(outDir, 'electron', 'preload.cjs');
  const rendererDir = path.join(outDir, 'renderer');
  const common = { bundle: true, platform: 'node', target: 'node22', logLevel: 'warning', legalComments: 'none', minify: options.minify ?? false, absWorkingDir: REPO_ROOT, metafile: true } as const;
  const [mainBuild, preloadBuild] = await Promise.all([
    build({ ...common, entryPoints: [path.join(REPO_ROOT, 'main', 'electron', 'main.ts')], outfile: main, format: 'esm', packages: 'external' }),
    build({ ...common, entryPoints: [path.join(REPO_ROOT, 'main', 'electron', 'preload.ts')], outfile: preload, format: 'cjs', external: ['electron'] }),
    buildRendererBundle({ outDir: rendererDir }),
  ]);
  // The cache's worker threads are loaded from beside the bundle (identifierHashPool.ts, offThreadStatements.ts).
  const workers = ['hashWorker.mjs', 'indexBuildWorker.mjs'].map((worker) => path.join('sync', 'cache', worker));
  for (const worker of workers) await copyFile(path.join(REPO_ROOT, worker), path.join(outDir, 'electron', path.basename(worker)));
  // What the shell was built from, so a run from dist/ knows whether it may use it (bin/bundleFreshness.mjs).
  const inputs = [...new Set([...sourceFiles(mainBuild.metafile.inputs), ...sourceFiles(preloadBuild.metafile.inputs), ...workers])];
  await writeFile(path.join(outDir, 'electron', 'inputs.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
  return { main, preload, rendererDir };
}
