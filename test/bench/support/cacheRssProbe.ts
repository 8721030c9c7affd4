// Child process of cache.bench.ts: opens a loaded cache the way the till does, runs lookups, reports its RSS.
// `node bin/run-ts.mjs test/bench/support/cacheRssProbe.ts <dataDir> <profiles> <lookups> [cacheSizeKiB]` → one JSON
// line. Without cacheSizeKiB the cache opens with openMemberCache's default page cache, as the till does.
import { openMemberCache } from '../../../sync/cache/memberCache';
import { benchMemberEmail, benchMemberPhone, seededRandom } from './benchMembers';
import { percentiles } from './stats';

const [dataDir, profilesArg, lookupsArg, cacheSizeArg] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: cacheRssProbe.ts <dataDir> <profiles> <lookups>');
const profiles = Number(profilesArg ?? 1_000_000);
const lookups = Number(lookupsArg ?? 10_000);

const rssBeforeOpen = process.memoryUsage().rss;
const cache = openMemberCache(dataDir, cacheSizeArg === undefined ? {} : { cacheSizeKiB: Number(cacheSizeArg) });
const rssAfterOpen = process.memoryUsage().rss;
const random = seededRandom(7);
const samples: number[] = [];
let found = 0;
for (let n = 0; n < lookups; n++) {
  const i = Math.floor(random() * profiles);
  const started = performance.now();
  const profile = n % 2 === 0 ? cache.profiles.findByIdentifier('phone', benchMemberPhone(i)) : cache.profiles.findByIdentifier('email', benchMemberEmail(i));
  samples.push((performance.now() - started) * 1000);
  if (profile) found++;
}
const rssAfterLookups = process.memoryUsage().rss;
cache.close();
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({ rssBeforeOpenMB: mb(rssBeforeOpen), rssAfterOpenMB: mb(rssAfterOpen), rssAfterLookupsMB: mb(rssAfterLookups), found, lookupUs: percentiles(samples) })}\n`,
);
