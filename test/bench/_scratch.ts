import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulkLoadProfiles } from '../../sync/cache/bulkLoadProfiles';
import { openMemberCache } from '../../sync/cache/memberCache';
import { benchMemberPages } from './support/benchMembers';
import { plainBulkInsert } from './support/plainBulkInsert';
const n = Number(process.argv[2] ?? 200000);
const key = Buffer.alloc(32, 7);
for (let r = 0; r < 2; r++) {
const plain = await plainBulkInsert(key, benchMemberPages(n));
const dir = mkdtempSync(path.join(os.tmpdir(), 'scr-'));
const cache = openMemberCache(dir);
const ours = await bulkLoadProfiles(cache.db, cache.hashKey, benchMemberPages(n));
cache.close();
console.log(JSON.stringify({ plain, ours: { ms: ours.milliseconds, finish: ours.finish } , ratio: ours.milliseconds / plain.milliseconds}));
}
