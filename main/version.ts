import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Tillid's package.json, found by walking up from this module (the same from source, a bundle or a packaged app). */
function findPackageJson(): { version: string } {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tillid' && pkg.version) return { version: pkg.version };
    }
    if (path.dirname(dir) === dir) return { version: '0.0.0' };
  }
}

export const TILLID_VERSION: string = findPackageJson().version;

/**
 * Whether this code runs from a bundle that scripts/build.mjs made (dist/…), not from the TypeScript sources. A run
 * from a bundle uses the other prebuilt parts (renderer, Electron shell) and never loads esbuild or tsx.
 */
export const RUNS_FROM_BUNDLE: boolean = !import.meta.url.endsWith('.ts');
