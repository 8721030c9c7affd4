import { afterEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../sync/cache/types';
import { CustomerSession } from '../../../main/till/customerSession';
import { ASSURANCE_ORDER } from '../../../main/identify/types';

const anna: Profile = { id: 'P1', firstName: 'Anna', displayName: 'Anna A.', tier: 'gold', pointsBalance: 10, pointsAsOf: 0, status: 'active' };
const sessions: CustomerSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.close()));

function session(idleMs: number, onExpire: () => void): CustomerSession {
  const made = new CustomerSession(idleMs, Date.now, onExpire);
  sessions.push(made);
  return made;
}

const waitFor = async (done: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('not within the time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('the customer session ends by itself when idle', () => {
  it('forgets the customer after the idle time and says so once, with no one asking', async () => {
    let expired = 0;
    const s = session(30, () => expired++);
    s.raise(anna, 'phone', 'claimed', ASSURANCE_ORDER);
    await waitFor(() => expired > 0);
    expect(s.get()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(expired).toBe(1);
  });

  it('each identification starts the idle time again', async () => {
    let expired = 0;
    const s = session(80, () => expired++);
    s.raise(anna, 'phone', 'claimed', ASSURANCE_ORDER);
    await new Promise((resolve) => setTimeout(resolve, 50));
    s.raise(anna, 'card', 'possession', ASSURANCE_ORDER);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(expired).toBe(0);
    expect(s.get()?.profile.id).toBe('P1');
    await waitFor(() => expired > 0);
  });

  it('a cleared session does not expire later', async () => {
    let expired = 0;
    const s = session(20, () => expired++);
    s.raise(anna, 'phone', 'claimed', ASSURANCE_ORDER);
    expect(s.clear()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(expired).toBe(0);
  });
});

describe('the member QR that identified the customer', () => {
  const bo: Profile = { ...anna, id: 'P2', firstName: 'Bo' };

  it('is held for that customer while they stay, and gone with another customer or a cleared session', () => {
    const s = session(60_000, () => undefined);
    s.raise(anna, 'member_qr', 'verified', ASSURANCE_ORDER, 'TID1.anna.sig');
    expect(s.get()?.memberQrToken).toBe('TID1.anna.sig');
    s.raise(anna, 'phone', 'claimed', ASSURANCE_ORDER);
    expect(s.get()).toMatchObject({ assurance: 'verified', memberQrToken: 'TID1.anna.sig' });
    s.raiseTo('P1', 'verified', ASSURANCE_ORDER);
    expect(s.get()?.memberQrToken).toBe('TID1.anna.sig');
    s.raise(bo, 'phone', 'claimed', ASSURANCE_ORDER);
    expect(s.get()?.memberQrToken).toBeUndefined();
    s.raise(bo, 'member_qr', 'verified', ASSURANCE_ORDER, 'TID1.bo.sig');
    s.clear();
    s.raise(bo, 'phone', 'claimed', ASSURANCE_ORDER);
    expect(s.get()?.memberQrToken).toBeUndefined();
  });
});
