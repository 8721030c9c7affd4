// `npm run bench [-- NAME…]`: runs every test/bench/*.bench.ts (or the named ones) in turn and prints one JSON document.
// Each bench module exports `name` and `run(): Promise<Record<string, unknown>>` with its figures and targets.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  name: string;
  run: () => Promise<Record<string, unknown>>;
}

const dir = import.meta.dirname;
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const results: Record<string, unknown> = {};
const startedAt = new Date().toISOString();

for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
  process.stderr.write(`bench ${mod.name}…\n`);
  try {
    results[mod.name] = await mod.run();
  } catch (error) {
    results[mod.name] = { error: error instanceof Error ? error.message : String(error) };
  }
}

process.stdout.write(`${JSON.stringify({ startedAt, node: process.version, cpus: (await import('node:os')).cpus().length, results }, null, 2)}\n`);
