import type { FleetCrm, FleetReport, FleetStore, FleetTill, TillHealth } from '../fleetContract/fleetContract';
import { el } from './dom';

const HEALTH_WORDS: Record<TillHealth, string> = { ok: 'OK', silent: 'Silent', attention: 'Needs attention' };

/** "3 min ago", "2 h ago": how long ago, in words a store manager reads at a glance. */
export function ago(at: number | null, now: number): string {
  if (at === null) return 'never';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function backlog(till: FleetTill, now: number): string {
  if (till.outboxBacklog.count === 0) return 'nothing waiting';
  return `${till.outboxBacklog.count} waiting, oldest ${ago(till.outboxBacklog.oldestAt, now)}`;
}

function devices(till: FleetTill): string {
  if (till.devices.length === 0) return 'none reported';
  return till.devices.map((d) => `${d.deviceId}: ${d.state}`).join(', ');
}

function skew(till: FleetTill): string {
  if (till.clockSkewMs === null) return '';
  const seconds = Math.round(till.clockSkewMs / 1000);
  return Math.abs(seconds) < 5 ? '' : ` · clock ${seconds > 0 ? '+' : ''}${seconds} s`;
}

function tillRow(till: FleetTill, now: number): HTMLElement {
  const row = el('tr', `till health-${till.health}`);
  row.dataset.tillId = till.tillId;
  row.append(
    el('td', 'till-name', [el('strong', '', till.name), el('span', 'version', till.version ? ` v${till.version}` : ' version unknown')]),
    el('td', 'health', [el('span', `badge badge-${till.health}`, HEALTH_WORDS[till.health])]),
    el('td', 'seen', `${ago(till.lastSeenAt, now)}${skew(till)}`),
    el('td', 'backlog', backlog(till, now)),
    el('td', 'dead', till.deadLetters === 0 ? 'none' : String(till.deadLetters)),
    el('td', 'devices', devices(till)),
  );
  return row;
}

/**
 * What the store's tills sent the CRM in the last day, what the hub still owes it, and what it gave up on and why;
 * null when there is nothing to say. A receipt counts as delivered when the CRM took it: "handed to" a CRM that applies
 * receipts in batches later (Voyado), "delivered to" one that applies them at once.
 */
export function crmLine(store: FleetStore, now: number, crm: FleetCrm | null = null): string | null {
  const owed = store.crmDeliveries;
  const delivered = owed?.receiptsDeliveredLastDay ?? 0;
  if (!owed || (owed.pending === 0 && owed.failed === 0 && delivered === 0)) return null;
  const parts: string[] = [];
  if (delivered > 0) {
    const receipts = `${delivered} ${delivered === 1 ? 'receipt' : 'receipts'}`;
    parts.push(crm?.receiptsApplied === 'in_batches' ? `${receipts} handed over in the last 24 h` : `${receipts} delivered in the last 24 h`);
  }
  if (owed.pending > 0) parts.push(`${owed.pending} on the way, oldest ${ago(owed.oldestPendingAt, now)}`);
  if (owed.failed > 0) parts.push(`${owed.failed} failed (${owed.failedReasons.map((r) => `${r.reason}: ${r.count}`).join('; ')}): ask the retailer's admin`);
  return `To ${crm?.name ?? 'the CRM'}: ${parts.join(' · ')}`;
}

/** Beside a CRM that applies receipts in batches: why a receipt handed over may not show on the member there yet. */
export function crmBatchNote(store: FleetStore, crm: FleetCrm | null): string | null {
  const owed = store.crmDeliveries;
  if (crm?.receiptsApplied !== 'in_batches' || !owed || (owed.pending === 0 && (owed.receiptsDeliveredLastDay ?? 0) === 0)) return null;
  return `${crm.name} applies receipts in batches, some time after it takes them: a purchase and its points can take a while to show on the member in ${crm.name}.`;
}

function storeSection(store: FleetStore, now: number, crm: FleetCrm | null): HTMLElement {
  const counts = { ok: 0, silent: 0, attention: 0 };
  for (const till of store.tills) counts[till.health] += 1;
  const summary = store.tills.length === 0 ? 'no tills yet' : `${store.tills.length} ${store.tills.length === 1 ? 'till' : 'tills'} · ${counts.ok} OK · ${counts.attention} need attention · ${counts.silent} silent`;
  const section = el('section', 'store', [el('h2', '', store.name), el('p', 'store-summary', summary)]);
  section.dataset.storeId = store.storeId;
  const line = crmLine(store, now, crm);
  if (line !== null) section.append(el('p', `store-crm${store.crmDeliveries?.failed ? ' store-crm-failed' : ''}`, line));
  const note = crmBatchNote(store, crm);
  if (note !== null) section.append(el('p', 'store-crm-note', note));
  if (store.tills.length > 0) {
    const head = el('tr', '', ['Till', 'Health', 'Last seen', 'Outbox', 'Dead letters', 'Scanners'].map((h) => el('th', '', h)));
    section.append(el('table', 'tills', [el('thead', '', [head]), el('tbody', '', store.tills.map((t) => tillRow(t, now)))]));
  }
  return section;
}

/** The fleet, store by store. */
export function fleetView(report: FleetReport, who: string, onSignOut: () => void, message: string | null): HTMLElement {
  const signOut = el('button', 'sign-out', 'Sign out');
  signOut.type = 'button';
  signOut.addEventListener('click', onSignOut);
  const header = el('header', 'top', [el('h1', '', 'Tills'), el('span', 'who', who), signOut]);
  const body = el('div', 'stores', report.stores.map((s) => storeSection(s, report.generatedAt, report.crm ?? null)));
  const note = el('p', 'note', message ?? `Updated ${new Date(report.generatedAt).toLocaleTimeString()}. Refreshes every 30 seconds.`);
  return el('div', 'fleet', [header, note, body]);
}
