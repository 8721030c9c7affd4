// A till bootstrapping in a child process, so a test can kill -9 it between (or during) pages.
// `node bin/run-ts.mjs bootstrapChild.ts <dataDir> <pages> <pageSize>`: prints `begun resumed=<bool> at=<page>
// into=<live|shadow>` (unless every page is in already), `committed <page>` after each page, `finished` at the end.
import { BootstrapLoader } from '../../../../sync/cache/bootstrapLoader';
import { openMemberCache } from '../../../../sync/cache/memberCache';
import { testPage } from './memberPages';

const [dataDir, pagesArg, pageSizeArg] = process.argv.slice(2);
const pages = Number(pagesArg);
const pageSize = Number(pageSizeArg);
const cache = openMemberCache(dataDir!);
const loader = new BootstrapLoader(cache.db, cache.hashKey);
const start = Number(cache.syncState.get('test.nextPage') ?? 0);
// Like the sync engine: once every page is in, only finish() is left to do (it carries on after a crash).
if (start < pages) {
  const { resumed, into } = loader.begin();
  process.stdout.write(`begun resumed=${resumed} at=${start} into=${into}\n`);
  for (let page = start; page < pages; page++) {
    await loader.loadPage(testPage(page, pageSize), { 'test.nextPage': String(page + 1) });
    process.stdout.write(`committed ${page}\n`);
  }
}
await loader.finish();
cache.close();
process.stdout.write('finished\n');
