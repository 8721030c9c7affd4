import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NONCE_JOURNAL_FILE } from '../../../sync/cache/nonceRepository';
import { manualClock, openTempCache, tempDataDir } from './support/tempCache';
import { readUntil, runTsChild } from './support/runTsChild';

let temp: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  temp = tempDataDir();
});
afterEach(() => temp.cleanup());

describe('the member QR nonce journal', () => {
  it('keeps a nonce refused after kill -9 of the process right after it was accepted, every time', async () => {
    const child = path.join(import.meta.dirname, 'support', 'nonceChild.ts');
    const answers: string[] = [];
    for (const nonce of ['nonce-aaaa-1', 'nonce-aaaa-2', 'nonce-aaaa-1']) {
      const run = runTsChild(child, [temp.dir, nonce]);
      const [answer] = await readUntil(run.lines, () => true);
      run.child.kill('SIGKILL');
      await run.exited;
      answers.push(answer!);
    }
    expect(answers).toEqual(['fresh', 'fresh', 'replayed']);
    const cache = openTempCache(temp.dir);
    try {
      expect(cache.nonces.seen('nonce-aaaa-2', Date.now() + 300_000)).toBe(true);
    } finally {
      cache.close();
    }
  });

  it('skips a torn last line and anything that is not a nonce line', () => {
    const clock = manualClock(1_000_000);
    let cache = openTempCache(temp.dir, clock.now);
    expect(cache.nonces.seen('nonce-kept-1', 1_300_000)).toBe(false);
    cache.close();
    appendFileSync(path.join(temp.dir, NONCE_JOURNAL_FILE), 'garbage line\n1300000 has space inside\n13000'); // torn write
    cache = openTempCache(temp.dir, clock.now);
    try {
      expect(cache.nonces.seen('nonce-kept-1', 1_300_000)).toBe(true);
      expect(cache.nonces.seen('13000', 1_300_000)).toBe(false);
    } finally {
      cache.close();
    }
  });

  it('keeps a nonce of any characters across a restart, spaces, line breaks and non-ASCII too', () => {
    const clock = manualClock(1_000_000);
    const odd = ['nonce with spaces', 'nonce-line\n1300000 forged-line', 'nonce-åäö-€-\u{1F600}', 'lone-\ud800-surrogate', 'x'.repeat(128), '\u{1F600}'.repeat(128)];
    let cache = openTempCache(temp.dir, clock.now);
    for (const nonce of odd) expect(cache.nonces.seen(nonce, 1_300_000)).toBe(false);
    cache.close();
    cache = openTempCache(temp.dir, clock.now);
    try {
      for (const nonce of odd) expect(cache.nonces.seen(nonce, 1_300_000), nonce).toBe(true);
      expect(cache.nonces.seen('forged-line', 1_300_000)).toBe(false); // a line break inside a nonce starts no line
      expect(cache.nonces.seen('lone-\udc00-surrogate', 1_300_000)).toBe(false);
      cache.nonces.prune(); // the rewritten journal reads back the same
    } finally {
      cache.close();
    }
    cache = openTempCache(temp.dir, clock.now);
    try {
      for (const nonce of odd) expect(cache.nonces.seen(nonce, 1_300_000), nonce).toBe(true);
    } finally {
      cache.close();
    }
  });

  it('carries over the nonces an earlier version kept in SQLite, once', () => {
    const clock = manualClock(1_000_000);
    let cache = openTempCache(temp.dir, clock.now);
    cache.db.prepare('INSERT INTO seen_nonces (nonce, expires_at) VALUES (?, ?), (?, ?)').run('from-sqlite-live', 1_300_000, 'from-sqlite-old', 900_000);
    cache.close();
    cache = openTempCache(temp.dir, clock.now);
    try {
      expect(cache.nonces.seen('from-sqlite-live', 1_300_000)).toBe(true);
      expect(cache.nonces.seen('from-sqlite-old', 1_300_000)).toBe(false);
      expect(cache.db.prepare('SELECT COUNT(*) AS n FROM seen_nonces').get()).toEqual({ n: 0 });
    } finally {
      cache.close();
    }
  });

  it('stays the size of its live nonces under a steady stream of scans', async () => {
    const clock = manualClock(1_000_000);
    const cache = openTempCache(temp.dir, clock.now);
    try {
      for (let i = 0; i < 20_000; i++) {
        cache.nonces.seen(`stream-nonce-${i}`, clock.now() + 330_000);
        clock.advance(1000); // a scan a second, each valid 330 s
        if (i % 4096 === 0) await new Promise((resolve) => setImmediate(resolve)); // let the queued rewrite run
      }
      await new Promise((resolve) => setImmediate(resolve));
      cache.nonces.prune();
      const lines = readFileSync(path.join(temp.dir, NONCE_JOURNAL_FILE), 'latin1').split('\n').filter(Boolean);
      expect(lines.length).toBeLessThanOrEqual(331);
      expect(lines.length).toBeGreaterThanOrEqual(329); // the live ones stay
      expect(cache.nonces.seen('stream-nonce-19999', clock.now() + 330_000)).toBe(true);
      expect(cache.nonces.seen('stream-nonce-0', clock.now() + 330_000)).toBe(false); // long expired
    } finally {
      cache.close();
    }
  });

  it('keeps identifying when the journal cannot be written, and still refuses the replay in this process', () => {
    const cache = openTempCache(temp.dir);
    const journal = path.join(temp.dir, NONCE_JOURNAL_FILE);
    try {
      expect(cache.nonces.seen('nonce-before-1', Date.now() + 300_000)).toBe(false);
      cache.nonces.close();
      rmSync(journal);
      mkdirSync(journal); // any append now fails (EISDIR), as on a broken disk; root ignores permissions, so not chmod
      expect(() => cache.nonces.seen('nonce-after-1', Date.now() + 300_000)).not.toThrow();
      expect(cache.nonces.seen('nonce-after-1', Date.now() + 300_000)).toBe(true);
      expect(cache.nonces.seen('nonce-before-1', Date.now() + 300_000)).toBe(true);
    } finally {
      cache.close();
    }
  });
});
