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
