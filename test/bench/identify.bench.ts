// Identify end to end: classify + hash + lookup beside its limit (one createHmac + one prepared indexed SELECT, same
// process, alternating samples), the till's whole identify (session, event, log line), POST /api/v1/identify over
// loopback, and the RSS of a till process with the cache open (support/tillIdentifyProbe.ts, bundled as shipped).
// At 1,000,000 members, and at --members N besides: then identify p99 at N is compared with 1M in one process,
// alternating lookups between the two caches. Targets (issue 14): p50 and p99 ratio ≤ 1.5 to the limit; p99 at N
// ≤ 1.2 × p99 at 1M; RSS ≤ 150 MB at 1M, ≤ 160 MB at 5M.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIdentifier } from '../../main/identify/identify';
import type { Identify } from '../../main/identify/identify';
import { DEFAULT_IDENTIFY_CONFIG } from '../../main/identify/identifyConfig';
import { createMemberKeyRing } from '../../main/identify/memberKeyRing';
import { createMemoryNonceStore } from '../support/memoryNonceStore';
import { openMemberCache } from '../../sync/cache/memberCache';
import type { MemberCache } from '../../sync/cache/memberCache';
import { benchMemberPhone, seededRandom } from './support/benchMembers';
import { benchSizes } from './support/benchOptions';
import type { BenchOptions } from './support/benchOptions';
import { atMost, withinRatio } from './support/figure';
import { loadedCache } from './support/loadedCaches';
import { pairedSamples } from './support/pairedSamples';
import { percentiles } from './support/stats';

export const name = 'identify';

/**
 * The young-generation size `npm start` gives the till (package.json): a till handles a few requests a minute, so a
 * small nursery costs nothing noticeable and keeps ~25 MB of RSS that V8 would otherwise hold (measured: 8 MiB →
 * ~130 MB RSS, V8's default 16 MiB → ~150 MB, at 1M profiles after this workload).
 */
const SEMI_SPACE_MB = 8;
const SCALING_ROUNDS = 100_000;

interface Percentiles {
  p50: number;
  p99: number;
}

interface ProbeReport extends Record<string, unknown> {
  classifyHashLookupUs: Percentiles;
  limitUs: Percentiles;
  rssAfterGcMB: number;
}

const root = path.resolve(import.meta.dirname, '..', '..');

async function probeTill(dataDir: string, profiles: number): Promise<ProbeReport> {
  // The probe runs as the till ships (`npm start`, Electron): bundled by esbuild, under plain Node, no TypeScript loader.
  const { bundleNodeEntry } = (await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href)) as {
    bundleNodeEntry: (entry: string, outfile: string) => Promise<string>;
  };
  const probeFile = await bundleNodeEntry(path.join(root, 'test/bench/support/tillIdentifyProbe.ts'), path.join(root, 'dist/bench/tillIdentifyProbe.mjs'));
  return JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', `--max-semi-space-size=${SEMI_SPACE_MB}`, probeFile, dataDir, String(profiles)], { cwd: root, encoding: 'utf8' }),
  ) as ProbeReport;
}

function identifierOver(cache: MemberCache): Identify {
  return createIdentifier({
    config: DEFAULT_IDENTIFY_CONFIG,
    keys: createMemberKeyRing(),
    nonces: createMemoryNonceStore({ now: Date.now }),
    now: Date.now,
    findByIdentifier: (kind, value) => cache.profiles.findByIdentifier(kind, value),
    findById: (id) => cache.profiles.findById(id),
  });
}

/** Identify p99 at `large` against `small` members: one process, both caches open, lookups alternating. */
async function compareSizes(small: number, large: number): Promise<Record<string, unknown>> {
  const caches = [openMemberCache((await loadedCache(small)).dataDir), openMemberCache((await loadedCache(large)).dataDir)] as const;
  try {
    const [identifySmall, identifyLarge] = caches.map(identifierOver) as [Identify, Identify];
    const randomSmall = seededRandom(21);
    const randomLarge = seededRandom(22);
    const phone = (random: () => number, n: number): string => benchMemberPhone(Math.floor(random() * n)).replace('+46', '0');
    const run = (rounds: number): ReturnType<typeof pairedSamples> =>
      pairedSamples(rounds, () => identifyLarge(phone(randomLarge, large), 'typed'), () => identifySmall(phone(randomSmall, small), 'typed'));
    run(2_000);
    const samples = run(SCALING_ROUNDS);
    const atLarge = percentiles(samples.value);
    const atSmall = percentiles(samples.limit);
    return {
      identifyP99: { ...withinRatio(atLarge.p99, atSmall.p99, 1.2, 'µs'), limitIs: `identify p99 at ${small.toLocaleString('en')} members, same process, alternating` },
      us: { [String(small)]: atSmall, [String(large)]: atLarge },
    };
  } finally {
    for (const cache of caches) cache.close();
  }
}

export async function run(options: BenchOptions): Promise<Record<string, unknown>> {
  const sizes = benchSizes(options);
  const bySize: Record<string, unknown> = {};
  for (const profiles of sizes) {
    process.stderr.write(`  identify at ${profiles.toLocaleString('en')} profiles\n`);
    const { dataDir } = await loadedCache(profiles);
    const probe = await probeTill(dataDir, profiles);
    const value = probe.classifyHashLookupUs;
    const limit = probe.limitUs;
    const limitIs = 'one createHmac (key object made once) + one prepared indexed SELECT, same process, alternating';
    bySize[String(profiles)] = {
      profiles,
      semiSpaceMB: SEMI_SPACE_MB,
      identifyP50: { ...withinRatio(value.p50, limit.p50, 1.5, 'µs'), limitIs },
      identifyP99: { ...withinRatio(value.p99, limit.p99, 1.5, 'µs'), limitIs },
      tillRss: atMost(probe.rssAfterGcMB, profiles > 1_000_000 ? 160 : 150, 'MB'),
      probe,
    };
  }
  const report: Record<string, unknown> = { sizes: bySize };
  const [small, large] = sizes;
  if (small !== undefined && large !== undefined) report.scaling = await compareSizes(small, large);
  return report;
}
