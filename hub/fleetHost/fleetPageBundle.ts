import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The three files the fleet page is made of. */
export interface FleetPageBundle {
  'index.html': string;
  'fleet.js': string;
  'fleet.css': string;
}

// Two folders up from here, and from a bundle in dist/cli, is the repository.
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FLEET_PAGE_SOURCE_DIR = path.join(REPO_ROOT, 'hub', 'fleetPage');
/** Where `npm run build` (scripts/build.mjs) writes the page; `tillid hub` run from dist/ serves it. */
export const PREBUILT_FLEET_PAGE_DIR = path.join(REPO_ROOT, 'dist', 'fleet');

/**
 * Builds hub/fleetPage/ with esbuild, in memory; with `outDir` also writes it there (`npm run build` makes
 * dist/fleet). esbuild is loaded only here: a hub run from a prebuilt bundle reads the files instead.
 */
export async function buildFleetPageBundle(options: { outDir?: string } = {}): Promise<FleetPageBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { fleet: path.join(FLEET_PAGE_SOURCE_DIR, 'main.ts'), style: path.join(FLEET_PAGE_SOURCE_DIR, 'fleet.css') },
    bundle: true,
    write: false,
    outdir: options.outDir ?? path.join(FLEET_PAGE_SOURCE_DIR, 'dist'),
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const byName = (name: string): string => {
    const file = result.outputFiles.find((f) => path.basename(f.path) === name);
    if (!file) throw new Error(`the fleet page build made no ${name}`);
    return file.text;
  };
  const bundle: FleetPageBundle = {
    'index.html': await readFile(path.join(FLEET_PAGE_SOURCE_DIR, 'index.html'), 'utf8'),
    'fleet.js': byName('fleet.js'),
    'fleet.css': byName('style.css'),
  };
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    await Promise.all(Object.entries(bundle).map(([name, content]) => writeFile(path.join(options.outDir as string, name), content)));
  }
  return bundle;
}

export async function readFleetPageBundle(dir: string): Promise<FleetPageBundle> {
  const [html, js, css] = await Promise.all(['index.html', 'fleet.js', 'fleet.css'].map((name) => readFile(path.join(dir, name), 'utf8')));
  return { 'index.html': html as string, 'fleet.js': js as string, 'fleet.css': css as string };
}
