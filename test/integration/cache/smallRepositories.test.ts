import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberCache } from '../../../sync/cache/memberCache';
import { MemberKeyRepository } from '../../../sync/cache/memberKeyRepository';
import { manualClock, openTempCache, tempDataDir } from './support/tempCache';

let temp: ReturnType<typeof tempDataDir>;
let cache: MemberCache;
const clock = manualClock();

beforeEach(() => {
  clock.set(1_000_000);
  temp = tempDataDir();
  cache = openTempCache(temp.dir, clock.now);
});
afterEach(() => {
  cache.close();
  temp.cleanup();
});

describe('NonceRepository', () => {
  it('refuses a nonce seen before within its window, also after a restart', () => {
    expect(cache.nonces.seen('n-1', 1_300_000)).toBe(false);
    expect(cache.nonces.seen('n-1', 1_300_000)).toBe(true);
    cache.close();
    cache = openTempCache(temp.dir, clock.now);
    expect(cache.nonces.seen('n-1', 1_300_000)).toBe(true);
    expect(cache.nonces.seen('n-2', 1_300_000)).toBe(false);
  });

  it('accepts a nonce again once its window has passed, and prunes expired ones', () => {
    cache.nonces.seen('n-1', 1_100_000);
    cache.nonces.seen('n-2', 1_500_000);
    clock.set(1_200_000);
    expect(cache.nonces.prune()).toBe(1);
    expect(cache.nonces.seen('n-2', 1_500_000)).toBe(true);
    expect(cache.nonces.seen('n-1', 1_400_000)).toBe(false);
    clock.set(1_450_000);
    expect(cache.nonces.seen('n-1', 1_600_000)).toBe(false);
  });
});

describe('MemberKeyRepository', () => {
  it('stores keys by id and replaces the whole set on rotation', () => {
    cache.memberKeys.upsert({ kid: 'k1', publicKey: 'AAAA', notAfter: null });
    cache.memberKeys.upsert({ kid: 'k2', publicKey: 'BBBB', notAfter: 2000 });
    expect(cache.memberKeys.find('k2')).toEqual({ kid: 'k2', publicKey: 'BBBB', notAfter: 2000 });
    cache.memberKeys.replaceAll([
      { kid: 'k2', publicKey: 'BBBB', notAfter: 5000 },
      { kid: 'k3', publicKey: 'CCCC', notAfter: null },
    ]);
    expect(cache.memberKeys.list().map((k) => [k.kid, k.notAfter])).toEqual([
      ['k2', 5000],
      ['k3', null],
    ]);
    expect(cache.memberKeys.find('k1')).toBeUndefined();
    expect(cache.memberKeys.remove('k3')).toBe(true);
  });

  it('finds from memory what every write left, and nothing a rolled-back rotation saw', () => {
    const keys = cache.memberKeys;
    keys.upsert({ kid: 'k1', publicKey: 'AAAA', notAfter: null });
    expect(keys.find('k1')?.publicKey).toBe('AAAA');
    keys.upsert({ kid: 'k1', publicKey: 'A2A2', notAfter: 7000 });
    expect(keys.find('k1')).toEqual({ kid: 'k1', publicKey: 'A2A2', notAfter: 7000 });
    keys.replaceAll([{ kid: 'k2', publicKey: 'BBBB', notAfter: null }]);
    expect([keys.find('k1'), keys.find('k2')?.publicKey]).toEqual([undefined, 'BBBB']);
    expect(keys.remove('k2')).toBe(true);
    expect(keys.find('k2')).toBeUndefined();
    keys.upsert({ kid: 'k3', publicKey: 'CCCC', notAfter: null });
    expect(keys.find('k3')?.publicKey).toBe('CCCC');
    expect(() =>
      cache.db.transaction(() => {
        keys.replaceAll([{ kid: 'k4', publicKey: 'DDDD', notAfter: null }]);
        expect([keys.find('k3'), keys.find('k4')?.publicKey]).toEqual([undefined, 'DDDD']);
        throw new Error('the page failed');
      })(),
    ).toThrow('the page failed');
    expect([keys.find('k3')?.publicKey, keys.find('k4')]).toEqual(['CCCC', undefined]);
  });

  it('sees a rotation written through another repository on the same connection at once (the sync engine has its own)', () => {
    const scans = cache.memberKeys;
    const sync = new MemberKeyRepository(cache.db);
    sync.replaceAll([{ kid: 'k1', publicKey: 'AAAA', notAfter: null }]);
    expect(scans.find('k1')?.publicKey).toBe('AAAA');
    cache.db.transaction(() => sync.replaceAll([{ kid: 'k2', publicKey: 'BBBB', notAfter: null }]))();
    expect([scans.find('k1'), scans.find('k2')?.publicKey]).toEqual([undefined, 'BBBB']);
    sync.upsert({ kid: 'k3', publicKey: 'CCCC', notAfter: null });
    expect(scans.find('k3')?.publicKey).toBe('CCCC');
    expect(sync.remove('k2')).toBe(true);
    expect(scans.find('k2')).toBeUndefined();
  });
});

describe('SyncStateRepository', () => {
  it('keeps values by key and lists a prefix', () => {
    cache.syncState.set('sync.cursor', 'c-1');
    cache.syncState.setMany({ 'sync.lastPullAt': '100', 'sync.lastPushAt': '200', 'other': 'x' });
    cache.syncState.set('sync.cursor', 'c-2');
    expect(cache.syncState.get('sync.cursor')).toBe('c-2');
    expect(cache.syncState.get('missing')).toBeUndefined();
    expect(cache.syncState.entries('sync.')).toEqual([
      ['sync.cursor', 'c-2'],
      ['sync.lastPullAt', '100'],
      ['sync.lastPushAt', '200'],
    ]);
    expect(cache.syncState.delete('other')).toBe(true);
    expect(cache.syncState.delete('other')).toBe(false);
  });
});
