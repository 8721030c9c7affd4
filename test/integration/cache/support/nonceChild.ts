// Checks one member QR nonce, says what it answered, then keeps running until killed: the parent kill -9s it right
// after the line. `node bin/run-ts.mjs nonceChild.ts <dataDir> <nonce>`
import { openMemberCache } from '../../../../sync/cache/memberCache';

const [dataDir, nonce] = process.argv.slice(2);
const cache = openMemberCache(dataDir!);
const replayed = cache.nonces.seen(nonce!, Date.now() + 300_000);
process.stdout.write(`${replayed ? 'replayed' : 'fresh'}\n`);
setInterval(() => undefined, 1000);
