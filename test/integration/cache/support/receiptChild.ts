// Queues one receipt, says so, then keeps running until killed: the parent kill -9s it right after the line.
// `node bin/run-ts.mjs receiptChild.ts <dataDir> <receiptId>`
import { openMemberCache } from '../../../../sync/cache/memberCache';

const [dataDir, receiptId] = process.argv.slice(2);
const cache = openMemberCache(dataDir!);
const status = cache.receipts.enqueueReceipt({ receiptId: receiptId!, profileId: 'crm-1', createdAt: Date.now(), currency: 'SEK', totalMinor: 4990, body: { lines: [] } });
process.stdout.write(`${status}\n`);
setInterval(() => undefined, 1000);
