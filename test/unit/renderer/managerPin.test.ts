import { describe, expect, it } from 'vitest';
import { hashManagerPin, verifyManagerPin } from '../../../main/till/managerPin';
import { PinAttemptLimiter } from '../../../main/api/pinAttemptLimiter';
import { ManagerSessions } from '../../../main/api/managerSessions';

describe('the manager PIN', () => {
  it('is stored as scrypt$salt$hash and verifies only the right PIN', async () => {
    const hash = await hashManagerPin('1234');
    expect(hash).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyManagerPin('1234', hash)).toBe(true);
    expect(await verifyManagerPin('1235', hash)).toBe(false);
    expect(await hashManagerPin('1234')).not.toBe(hash);
  });

  it.each([undefined, '', 'plain1234', 'scrypt$$', 'bcrypt$abc$def', 'scrypt$c2FsdHNhbHQ=$dG9vc2hvcnQ='])('refuses every PIN against %j', async (hash) => {
    expect(await verifyManagerPin('1234', hash)).toBe(false);
  });
});

describe('wrong PINs slow down guessing', () => {
  it('allows five tries, then locks for 30 s, doubling with each further wrong PIN', () => {
    let now = 0;
    const limiter = new PinAttemptLimiter(() => now);
    for (let i = 0; i < 4; i += 1) expect(limiter.reserve()).toEqual({ allowed: true });
    expect(limiter.gate()).toEqual({ allowed: true });
    expect(limiter.attemptsLeft()).toBe(1);
    expect(limiter.reserve()).toEqual({ allowed: true });
    expect(limiter.reserve()).toEqual({ allowed: false, retryAfterMs: 30_000 });
    now = 30_000;
    expect(limiter.reserve()).toEqual({ allowed: true });
    expect(limiter.gate()).toEqual({ allowed: false, retryAfterMs: 60_000 });
  });

  it('counts a try when it is reserved, before its PIN is checked: tries in flight use up the allowance', () => {
    const limiter = new PinAttemptLimiter(() => 0);
    // A thousand guesses arrive before the first scrypt check has finished.
    const answers = Array.from({ length: 1000 }, () => limiter.reserve().allowed);
    expect(answers.filter(Boolean)).toHaveLength(5);
  });

  it('caps the lock at 15 minutes and a right PIN resets it', () => {
    let now = 0;
    const limiter = new PinAttemptLimiter(() => now);
    for (let i = 0; i < 30; i += 1) {
      now += 15 * 60_000;
      expect(limiter.reserve()).toEqual({ allowed: true });
    }
    expect(limiter.gate()).toEqual({ allowed: false, retryAfterMs: 15 * 60_000 });
    now += 15 * 60_000;
    limiter.recordSuccess();
    expect(limiter.attemptsLeft()).toBe(5);
  });
});

describe('manager tokens', () => {
  it('live for ten minutes after their last use and can be revoked', () => {
    let now = 0;
    const sessions = new ManagerSessions(() => now);
    const { token } = sessions.issue();
    now = 9 * 60_000;
    expect(sessions.touch(token)).toBe(19 * 60_000);
    now = 19 * 60_000 + 1;
    expect(sessions.touch(token)).toBeNull();
    const second = sessions.issue().token;
    sessions.revoke(second);
    expect(sessions.touch(second)).toBeNull();
  });

  it.each([undefined, '', 'not-a-token'])('refuses %j', (given) => {
    const sessions = new ManagerSessions();
    sessions.issue();
    expect(sessions.touch(given)).toBeNull();
  });

  it('keeps only the newest few', () => {
    const sessions = new ManagerSessions(() => 0, 60_000, 2);
    const first = sessions.issue().token;
    sessions.issue();
    sessions.issue();
    expect(sessions.touch(first)).toBeNull();
  });
});
