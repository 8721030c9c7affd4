import { describe, expect, it } from 'vitest';
import type { FleetCrm, FleetStore, StoreCrmDeliveries } from '../../../hub/fleetContract/fleetContract';
import { crmBatchNote, crmLine } from '../../../hub/fleetPage/fleetView';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const VOYADO: FleetCrm = { name: 'Voyado', receiptsApplied: 'in_batches' };
const AT_ONCE: FleetCrm = { name: 'Kundklubben', receiptsApplied: 'at_once' };

function store(deliveries: Partial<StoreCrmDeliveries>): FleetStore {
  return {
    storeId: 's', name: 'Store', tills: [],
    crmDeliveries: { pending: 0, failed: 0, oldestPendingAt: null, failedReasons: [], receiptsDeliveredLastDay: 0, ...deliveries },
  };
}

describe('the fleet page\'s words for what went to the CRM', () => {
  it.each([
    ['nothing sent, nothing owed', store({}), VOYADO, null, null],
    ['receipts Voyado took: handed over, applied in batches later', store({ receiptsDeliveredLastDay: 120 }), VOYADO,
      'To Voyado: 120 receipts handed over in the last 24 h',
      'Voyado applies receipts in batches, some time after it takes them: a purchase and its points can take a while to show on the member in Voyado.'],
    ['one receipt, and one on the way', store({ receiptsDeliveredLastDay: 1, pending: 1, oldestPendingAt: NOW - 5 * 60_000 }), VOYADO,
      'To Voyado: 1 receipt handed over in the last 24 h · 1 on the way, oldest 5 min ago',
      'Voyado applies receipts in batches, some time after it takes them: a purchase and its points can take a while to show on the member in Voyado.'],
    ['a CRM that applies receipts at once: delivered, no note', store({ receiptsDeliveredLastDay: 3 }), AT_ONCE, 'To Kundklubben: 3 receipts delivered in the last 24 h', null],
    ['failed only: no note about batches', store({ failed: 2, failedReasons: [{ reason: 'rejected: InvalidStore', count: 2 }] }), VOYADO,
      'To Voyado: 2 failed (rejected: InvalidStore: 2): ask the retailer\'s admin', null],
    ['a hub that names no CRM', store({ pending: 1, oldestPendingAt: NOW - 10 * 60_000 }), null, 'To the CRM: 1 on the way, oldest 10 min ago', null],
  ] as const)('%s', (_, s, crm, line, note) => {
    expect(crmLine(s, NOW, crm)).toBe(line);
    expect(crmBatchNote(s, crm)).toBe(note);
  });

  it('an older hub\'s report without the delivered count still reads', () => {
    const older: FleetStore = { storeId: 's', name: 'Store', tills: [], crmDeliveries: { pending: 2, failed: 0, oldestPendingAt: NOW, failedReasons: [] } };
    expect(crmLine(older, NOW, VOYADO)).toBe('To Voyado: 2 on the way, oldest just now');
  });
});
