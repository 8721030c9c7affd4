import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempCache, tempDataDir } from './support/tempCache';
import { readUntil, runTsChild } from './support/runTsChild';

let temp: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  temp = tempDataDir();
});
afterEach(() => temp.cleanup());

describe('a queued receipt is on disk when enqueueReceipt returns', () => {
  it('survives kill -9 of the process right after, every time', async () => {
    const child = path.join(import.meta.dirname, 'support', 'receiptChild.ts');
    for (const receiptId of ['r-1', 'r-2', 'r-3']) {
      const run = runTsChild(child, [temp.dir, receiptId]);
      const [status] = await readUntil(run.lines, () => true);
      run.child.kill('SIGKILL');
      await run.exited;
      expect(status).toBe('queued');
    }
    const cache = openTempCache(temp.dir);
    try {
      expect(['r-1', 'r-2', 'r-3'].map((id) => cache.receipts.findById(id)?.receiptId)).toEqual(['r-1', 'r-2', 'r-3']);
      expect(cache.outbox.nextBatch(10).map((i) => (i.payload as { receiptId: string }).receiptId)).toEqual(['r-1', 'r-2', 'r-3']);
    } finally {
      cache.close();
    }
  });
});
