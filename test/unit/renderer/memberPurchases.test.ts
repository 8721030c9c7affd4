import { describe, expect, it } from 'vitest';
import type { ProfileView, RecentPurchase } from '../../../main/api/contract/profile';
import { recentPurchaseLines } from '../../../renderer/memberPurchases';

const receipt = (receiptId: string, createdAt: string, total = 100): ProfileView['receipts'][number] => ({ receiptId, createdAt, currency: 'SEK', total, lineCount: 2, status: 'delivered' });
const crm = (at: string, channel: RecentPurchase['channel'], receiptId?: string): RecentPurchase => ({ at, channel, total: 50, currency: 'SEK', itemCount: 1, ...(receiptId ? { receiptId } : {}) });

describe('the member’s recent purchases on the screen', () => {
  it.each<[string, ProfileView['receipts'], RecentPurchase[] | undefined, Array<[string, string, string | undefined]>]>([
    [
      'offline: this till’s receipts only, newest first',
      [receipt('R1', '2025-03-01T10:00:00+01:00'), receipt('R2', '2025-03-02T10:00:00+01:00')],
      undefined,
      [['2025-03-02T10:00:00+01:00', 'store', 'R2'], ['2025-03-01T10:00:00+01:00', 'store', 'R1']],
    ],
    [
      'online: web and app purchases join them, by time across offsets',
      [receipt('R1', '2025-03-01T10:00:00+01:00')],
      [crm('2025-03-01T09:30:00Z', 'web'), crm('2025-02-20T12:00:00Z', 'app')],
      [['2025-03-01T09:30:00Z', 'web', undefined], ['2025-03-01T10:00:00+01:00', 'store', 'R1'], ['2025-02-20T12:00:00Z', 'app', undefined]],
    ],
    [
      'a receipt the CRM already got is shown once, as the till’s',
      [receipt('R1', '2025-03-01T10:00:00+01:00')],
      [crm('2025-03-01T10:00:00+01:00', 'store', 'R1'), crm('2025-02-01T10:00:00Z', 'store', 'R-other-till')],
      [['2025-03-01T10:00:00+01:00', 'store', 'R1'], ['2025-02-01T10:00:00Z', 'store', 'R-other-till']],
    ],
    ['nothing anywhere', [], [], []],
  ])('%s', (_what, receipts, fromCrm, expected) => {
    expect(recentPurchaseLines(receipts, fromCrm, 5).map((l) => [l.at, l.channel, l.receiptId])).toEqual(expected);
  });

  it('keeps the newest few', () => {
    const fromCrm = [1, 2, 3, 4, 5, 6, 7].map((day) => crm(`2025-03-0${day}T12:00:00Z`, 'web'));
    expect(recentPurchaseLines([], fromCrm, 5).map((l) => l.at.slice(0, 10))).toEqual(['2025-03-07', '2025-03-06', '2025-03-05', '2025-03-04', '2025-03-03']);
  });
});
