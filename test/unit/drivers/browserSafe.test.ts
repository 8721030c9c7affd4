import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// These files are bundled into the renderer (the window wedge runs in the browser): pure TypeScript and zod only.
const root = path.resolve(import.meta.dirname, '../../../drivers');
const BASE = path.resolve(import.meta.dirname, '../../../base');
const BROWSER_SAFE = ['wedge', 'keyboard', 'aim', 'scan', 'scanEvent.ts'];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_ONLY = new Set(['serialport', 'node-hid', 'pino', 'better-sqlite3', 'electron']);

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((child) => files(path.join(entry, child)));
}

function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

describe('browser-safe driver folders', () => {
  const all = BROWSER_SAFE.flatMap(files).filter((f) => f.endsWith('.ts'));

  it.each(all.map((f) => [path.relative(root, f), f]))('%s imports no Node built-in or native package', (_rel, file) => {
    for (const spec of imports(file)) {
      expect(builtins.has(spec.split('/')[0]!) || builtins.has(spec), spec).toBe(false);
      expect(NODE_ONLY.has(spec), spec).toBe(false);
      if (spec.startsWith('.')) {
        const resolved = path.resolve(path.dirname(file), spec);
        // base/ is the bottom layer, pure TypeScript that imports nothing (lint-enforced): safe anywhere.
        if (path.relative(BASE, resolved).split(path.sep)[0] !== '..') continue;
        const target = path.relative(root, resolved);
        const top = target.split(path.sep)[0]!;
        expect(BROWSER_SAFE.includes(top) || BROWSER_SAFE.includes(`${top}.ts`), `${spec} leaves the browser-safe folders`).toBe(true);
      }
    }
  });

  it('uses no Buffer or process', () => {
    const code = (file: string): string => readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const file of all) expect(code(file), file).not.toMatch(/\bBuffer\b|\bprocess\./);
  });
});
