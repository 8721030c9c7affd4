// Whether what scripts/build.mjs made can stand in for the sources: each bundle writes a manifest of the source
// files it was built from (esbuild's metafile); the bundle is fresh while every one of them is older than the manifest.
// A source edited, checked out or deleted since makes it stale. Plain JavaScript: it runs before any TypeScript loader.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The manifests a `tillid` run depends on: the command itself and the renderer it serves. */
export const CLI_MANIFESTS = ['dist/cli/tillid.mjs.inputs.json', 'dist/renderer/inputs.json'];

/** True when every manifest exists and no file it lists changed after it was written. */
export function bundlesAreFresh(root, manifests = CLI_MANIFESTS) {
  try {
    return manifests.every((manifest) => {
      const file = path.join(root, manifest);
      const builtAt = statSync(file).mtimeMs;
      const { inputs } = JSON.parse(readFileSync(file, 'utf8'));
      if (!Array.isArray(inputs) || inputs.length === 0) return false;
      return inputs.every((input) => typeof input === 'string' && statSync(path.join(root, input)).mtimeMs <= builtAt);
    });
  } catch {
    return false; // a missing bundle, manifest or source: use the sources
  }
}
