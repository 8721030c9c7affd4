// `npm run bench [-- NAME…] [--members N]`: runs every test/bench/*.bench.ts (or the named ones) in turn and prints one
// JSON document. Each bench module exports `name` and `run(options)` with its figures; every target is a Figure
// ({value, limit, ratio, target, met}, support/figure.ts), and the summary at the end lists those not met.
// --members N: the cache and identify benches run at 1,000,000 and at N (e.g. 5000000), and compare the two.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { BenchOptions } from './support/benchOptions';
import { figuresIn } from './support/figure';

interface BenchModule {
  name: string;
  /** A part of another bench that can also run alone: skipped when no names are given (the other one runs it). */
  partOf?: string;
  run: (options: BenchOptions) => Promise<Record<string, unknown>>;
}

const ArgsSchema = z.object({
  members: z.coerce.number().int().min(1_000).max(10_000_000).default(1_000_000),
  names: z.array(z.string().regex(/^[A-Za-z]+$/, 'a bench name is letters only')),
});
const parsedArgs = parseArgs({ args: process.argv.slice(2), options: { members: { type: 'string' } }, allowPositionals: true, strict: true });
const args = ArgsSchema.safeParse({ members: parsedArgs.values.members, names: parsedArgs.positionals });
if (!args.success) {
  process.stderr.write(`usage: npm run bench -- [NAME…] [--members N]\n${z.prettifyError(args.error)}\n`);
  process.exit(2);
}
const { members, names: wanted } = args.data;

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const unknown = wanted.filter((name) => !files.includes(`${name}.bench.ts`));
if (unknown.length > 0) {
  process.stderr.write(`no such bench: ${unknown.join(', ')} (have: ${files.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')})\n`);
  process.exit(2);
}
const results: Record<string, unknown> = {};
const startedAt = new Date().toISOString();
const loadAtStart = os.loadavg();

for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
  if (wanted.length === 0 && mod.partOf !== undefined) continue;
  process.stderr.write(`bench ${mod.name}… (${new Date().toISOString()})\n`);
  try {
    results[mod.name] = await mod.run({ members, membersGiven: parsedArgs.values.members !== undefined });
  } catch (error) {
    results[mod.name] = { error: error instanceof Error ? error.message : String(error) };
  }
}

const figures = figuresIn(results);
const misses = figures.filter(({ figure }) => !figure.met).map(({ at, figure }) => ({ at, ...figure }));
const failed = Object.entries(results).filter(([, r]) => typeof r === 'object' && r !== null && 'error' in r).map(([n]) => n);
process.stdout.write(
  `${JSON.stringify(
    {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      startedAt,
      finishedAt: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: { atStart: loadAtStart.map((l) => Math.round(l * 100) / 100), atEnd: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      results,
      summary: { figures: figures.length, met: figures.length - misses.length, misses, failedBenches: failed },
    },
    null,
    2,
  )}\n`,
);
