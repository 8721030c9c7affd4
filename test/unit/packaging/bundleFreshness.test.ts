import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript without types: it runs before any TypeScript loader
import { bundlesAreFresh } from '../../../bin/bundleFreshness.mjs';

const fresh = bundlesAreFresh as (root: string, manifests?: string[]) => boolean;

// bin/tillid.mjs runs dist/cli/tillid.mjs only while no source it was built from changed since the build.
let root: string;
const at = (file: string, seconds: number) => utimesSync(path.join(root, file), seconds, seconds);
const write = (file: string, text: string, seconds: number) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
  at(file, seconds);
};

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tillid-fresh-'));
  write('main/a.ts', 'a', 1000);
  write('renderer/b.ts', 'b', 1000);
  write('dist/cli/tillid.mjs.inputs.json', JSON.stringify({ inputs: ['main/a.ts'] }), 2000);
  write('dist/renderer/inputs.json', JSON.stringify({ inputs: ['renderer/b.ts'] }), 2000);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bundlesAreFresh', () => {
  it('is fresh when every source is older than its manifest', () => {
    expect(fresh(root)).toBe(true);
  });

  it.each<[string, () => void]>([
    ['a source of the command edited after the build', () => at('main/a.ts', 3000)],
    ['a source of the renderer edited after the build', () => at('renderer/b.ts', 3000)],
    ['a source deleted', () => rmSync(path.join(root, 'main/a.ts'))],
    ['no build at all', () => rmSync(path.join(root, 'dist'), { recursive: true })],
    ['a build in progress (its manifest not written yet)', () => rmSync(path.join(root, 'dist/renderer/inputs.json'))],
    ['a manifest that is not JSON', () => write('dist/cli/tillid.mjs.inputs.json', '{', 2000)],
    ['a manifest that lists nothing', () => write('dist/cli/tillid.mjs.inputs.json', '{"inputs":[]}', 2000)],
  ])('is stale with %s', (_name, change) => {
    change();
    expect(fresh(root)).toBe(false);
  });
});
