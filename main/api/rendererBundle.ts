import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The three files the cashier and manager screens are made of. */
export interface RendererBundle {
  'index.html': Buffer;
  'app.js': Buffer;
  'app.css': Buffer;
}

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RENDERER_SOURCE_DIR = path.join(REPO_ROOT, 'renderer');
/** Where `npm run build` (scripts/build.mjs) writes the bundle; a run from dist/ serves it (rendererHost.ts). */
export const PREBUILT_RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

/**
 * Builds renderer/ into one script and one stylesheet with esbuild, in memory. With `outDir` the files are also
 * written there (what `npm run build` and packaging make as dist/renderer), with `inputs.json`: the source files
 * the bundle was built from, which tells bin/tillid.mjs whether the bundle is still fresh (bin/bundleFreshness.mjs).
 */
export async function buildRendererBundle(options: { sourceDir?: string; outDir?: string; minify?: boolean } = {}): Promise<RendererBundle> {
  const sourceDir = options.sourceDir ?? RENDERER_SOURCE_DIR;
  // Loaded only when building: a packaged app serves a prebuilt bundle and ships no esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { app: path.join(sourceDir, 'main.ts'), style: path.join(sourceDir, 'app.css') },
    bundle: true,
    write: false,
    outdir: options.outDir ?? path.join(sourceDir, 'dist'),
    absWorkingDir: REPO_ROOT,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: options.minify ?? true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [withoutZodLocales],
  });
  const byName = (name: string): Buffer => {
    const file = result.outputFiles.find((f) => path.basename(f.path) === name);
    if (!file) throw new Error(`the renderer build made no ${name}`);
    return Buffer.from(file.contents);
  };
  const bundle: RendererBundle = {
    'index.html': await readFile(path.join(sourceDir, 'index.html')),
    'app.js': byName('app.js'),
    'app.css': byName('style.css'),
  };
  if (options.outDir) {
    await writeBundle(options.outDir, bundle);
    const inputs = [...sourceFiles(result.metafile.inputs), path.relative(REPO_ROOT, path.join(sourceDir, 'index.html'))];
    await writeFile(path.join(options.outDir, 'inputs.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
  }
  return bundle;
}

/**
 * zod re-exports every message locale as `z.locales`, which no bundler can shake out (~260 KB of the bundle).
 * The screens word their own errors and never read zod's messages, so the namespace is left empty; English,
 * zod's default, is imported elsewhere and stays.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(build: { onResolve: (options: { filter: RegExp }, callback: (args: { importer: string }) => { path: string; namespace: string } | undefined) => void; onLoad: (options: { filter: RegExp; namespace: string }, callback: () => { contents: string }) => void }) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};' }));
  },
};

/** The real files among esbuild's metafile inputs (paths relative to the repository), without plugin namespaces. */
export function sourceFiles(inputs: Record<string, unknown>): string[] {
  return Object.keys(inputs).filter((input) => !input.includes(':'));
}

/** Reads a bundle written by buildRendererBundle({ outDir }). */
export async function readRendererBundle(dir: string): Promise<RendererBundle> {
  const [html, js, css] = await Promise.all(['index.html', 'app.js', 'app.css'].map((name) => readFile(path.join(dir, name))));
  return { 'index.html': html as Buffer, 'app.js': js as Buffer, 'app.css': css as Buffer };
}

async function writeBundle(dir: string, bundle: RendererBundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(bundle).map(([name, content]) => writeFile(path.join(dir, name), content)));
}
