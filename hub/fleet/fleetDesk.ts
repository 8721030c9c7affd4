import { z } from 'zod';
import type { Heartbeat } from '../../sync/protocol';
import type { HubDatabase } from '../db/sql';
import { FleetDeviceSchema } from '../fleetContract/fleetContract';
import type { FleetCrm, FleetReport, FleetStore } from '../fleetContract/fleetContract';
import { tillHealth } from './fleetHealth';
import { crmDeliveriesByStore } from '../delivery/crmDeliveryReport';

/** Which stores a caller may see: the retailer admin all of them, a store manager one. */
export type FleetScope = { kind: 'all' } | { kind: 'store'; storeId: string };

const DevicesSchema = z.array(FleetDeviceSchema);

interface FleetRow {
  store_id: string;
  store_name: string;
  till_id: string | null;
  till_name: string | null;
  last_seen_at: number | null;
  version: string | null;
  clock_skew_ms: number | null;
  last_pull_at: number | null;
  last_push_at: number | null;
  outbox_count: number | null;
  outbox_oldest_at: number | null;
  dead_letters: number | null;
  devices_json: string | null;
}

/**
 * A time a till reported by its own clock, moved onto the hub's by the skew its heartbeat showed (`sentAt` minus the
 * hub's clock on arrival), so that "an hour old" means an hour of the hub's time whatever the till's clock says.
 */
function onHubClock(tillTime: number | null, clockSkewMs: number | null): number | null {
  return tillTime === null ? null : tillTime - (clockSkewMs ?? 0);
}

/**
 * The tills' latest heartbeats, and the fleet report built from them. One row per till: the latest wins. `crm`: the
 * CRM the hub delivers to, as its connector declares itself (null without a push: the demo CRM).
 */
export class FleetDesk {
  constructor(private readonly db: HubDatabase, private readonly crm: FleetCrm | null = null) {}

  async recordHeartbeat(tillId: string, heartbeat: Heartbeat, now: number): Promise<void> {
    await this.db.query(
      `INSERT INTO till_heartbeats (till_id, received_at, version, clock_skew_ms, last_pull_at, last_push_at, outbox_count, outbox_oldest_at, dead_letters, devices_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (till_id) DO UPDATE SET received_at = excluded.received_at, version = excluded.version, clock_skew_ms = excluded.clock_skew_ms,
         last_pull_at = excluded.last_pull_at, last_push_at = excluded.last_push_at, outbox_count = excluded.outbox_count,
         outbox_oldest_at = excluded.outbox_oldest_at, dead_letters = excluded.dead_letters, devices_json = excluded.devices_json`,
      [tillId, now, heartbeat.version, heartbeat.sentAt - now, heartbeat.lastPullAt, heartbeat.lastPushAt, heartbeat.outboxBacklog.count,
        heartbeat.outboxBacklog.oldestAt, heartbeat.deadLetters, JSON.stringify(heartbeat.devices)],
    );
  }

  /** Every store in scope with its tills, stores and tills by name. A store with no tills is listed too. */
  async report(scope: FleetScope, now: number): Promise<FleetReport> {
    const rows = await this.db.query<FleetRow>(
      `SELECT s.store_id, s.name AS store_name, t.till_id, t.name AS till_name, t.last_seen_at, h.version, h.clock_skew_ms, h.last_pull_at,
              h.last_push_at, h.outbox_count, h.outbox_oldest_at, h.dead_letters, h.devices_json
         FROM stores s LEFT JOIN tills t USING (store_id) LEFT JOIN till_heartbeats h USING (till_id)
        WHERE ($1::text IS NULL OR s.store_id = $1)
        ORDER BY s.name, s.store_id, t.name, t.till_id`,
      [scope.kind === 'store' ? scope.storeId : null],
    );
    const owed = await crmDeliveriesByStore(this.db, scope.kind === 'store' ? scope.storeId : null, now);
    const stores: FleetStore[] = [];
    for (const row of rows) {
      let store = stores.at(-1);
      if (store?.storeId !== row.store_id) {
        const crmDeliveries = owed.get(row.store_id) ?? { pending: 0, failed: 0, oldestPendingAt: null, failedReasons: [], receiptsDeliveredLastDay: 0 };
        store = { storeId: row.store_id, name: row.store_name, tills: [], crmDeliveries };
        stores.push(store);
      }
      if (row.till_id === null) continue;
      const deadLetters = row.dead_letters ?? 0;
      // A heartbeat's devices were checked on the way in; a row that fails now is shown as no devices, not a 500.
      const devices = DevicesSchema.safeParse(row.devices_json === null ? [] : JSON.parse(row.devices_json));
      const outboxOldestAt = onHubClock(row.outbox_oldest_at, row.clock_skew_ms);
      store.tills.push({
        tillId: row.till_id,
        name: row.till_name ?? row.till_id,
        lastSeenAt: row.last_seen_at,
        version: row.version,
        outboxBacklog: { count: row.outbox_count ?? 0, oldestAt: outboxOldestAt },
        deadLetters,
        devices: devices.success ? devices.data : [],
        lastPullAt: onHubClock(row.last_pull_at, row.clock_skew_ms),
        lastPushAt: onHubClock(row.last_push_at, row.clock_skew_ms),
        clockSkewMs: row.clock_skew_ms,
        health: tillHealth({ lastSeenAt: row.last_seen_at, deadLetters, outboxOldestAt }, now),
      });
    }
    return { stores, generatedAt: now, crm: this.crm };
  }
}
