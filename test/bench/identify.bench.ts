// Identify end to end at 1M profiles: classify + hash + lookup + session + event, in-process and over the POS API,
// and the RSS of a till process with the 1M cache open. Targets (issue 2): identify p99 ≤ 100 µs in-process,
// POST /api/v1/identify p99 ≤ 5 ms over loopback, RSS ≤ 150 MB. N = TILLID_BENCH_PROFILES or 1,000,000.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bulkLoadProfiles } from '../../sync/cache/bulkLoadProfiles';
import { openMemberCache } from '../../sync/cache/memberCache';
import { benchMemberPages } from './support/benchMembers';

export const name = 'identify';

/**
 * The young-generation size `npm start` gives the till (package.json): a till handles a few requests a minute, so a
 * small nursery costs nothing noticeable and keeps ~25 MB of RSS that V8 would otherwise hold (measured: 8 MiB →
 * ~130 MB RSS, V8's default 16 MiB → ~150 MB, at 1M profiles after this workload).
 */
const SEMI_SPACE_MB = 8;

export async function run(): Promise<Record<string, unknown>> {
  const profiles = Number(process.env.TILLID_BENCH_PROFILES ?? 1_000_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-identify-bench-'));
  try {
    const cache = openMemberCache(dataDir);
    await bulkLoadProfiles(cache.db, cache.hashKey, benchMemberPages(profiles));
    cache.close();
    // The probe runs as the till ships (`npm start`, Electron): bundled by esbuild, under plain Node, no TypeScript loader.
    const root = path.resolve(import.meta.dirname, '..', '..');
    const { bundleNodeEntry } = (await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href)) as {
      bundleNodeEntry: (entry: string, outfile: string) => Promise<string>;
    };
    const probeFile = await bundleNodeEntry(path.join(root, 'test/bench/support/tillIdentifyProbe.ts'), path.join(root, 'dist/bench/tillIdentifyProbe.mjs'));
    const probe = JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', `--max-semi-space-size=${SEMI_SPACE_MB}`, probeFile, dataDir, String(profiles)], { cwd: root, encoding: 'utf8' }),
    ) as Record<string, unknown>;
    return {
      profiles,
      semiSpaceMB: SEMI_SPACE_MB,
      ...probe,
      targets: { classifyHashLookupUs: 'p99 ≤ 100', httpMs: 'p99 ≤ 5', rssMB: '≤ 150' },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
