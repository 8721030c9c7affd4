import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMemberCache } from '../../../../sync/cache/memberCache';
import type { MemberCache } from '../../../../sync/cache/memberCache';
import type { ClearIdentifier, Profile } from '../../../../sync/cache/types';

/** A fresh data directory under the OS temp dir; `cleanup` removes it. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-cache-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_764_000_000_000): { now: () => number; set: (ms: number) => void; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) };
}

export function openTempCache(dir: string, now?: () => number): MemberCache {
  return openMemberCache(dir, now ? { now } : {});
}

export function crmProfile(id: string, overrides: Partial<Profile> = {}): Profile {
  return { id, firstName: 'Anna', displayName: 'Anna A.', tier: 'gold', pointsBalance: 120, pointsAsOf: 1_764_000_000_000, status: 'active', ...overrides };
}

export const phone = (value: string): ClearIdentifier => ({ kind: 'phone', value });
export const email = (value: string): ClearIdentifier => ({ kind: 'email', value });
