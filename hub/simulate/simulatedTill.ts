import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  BootstrapPageSchema, ChangesPageSchema, EnrolResponseSchema, JSON_CONTENT_TYPE, PROTOCOL_VERSION, SYNC_HEADERS, SYNC_PATHS, UploadResponseSchema,
} from '../../sync/protocol';
import type { ChangesPage, Cursor, UploadItem, UploadResult } from '../../sync/protocol';
import type { BootstrapRequest } from './lowPriorityBootstrap';

/** A request the hub answered with something other than the protocol's success, or did not answer. */
export class SimulatedRequestError extends Error {
  constructor(
    readonly kind: string,
    readonly status: number | null,
  ) {
    super(`${kind}: ${status === null ? 'no answer' : `HTTP ${status}`}`);
  }
}

const CodeSchema = z.object({ code: z.string().min(4).max(64) });

/**
 * A bootstrap page checked by the till's schema except its rows, which are only counted: parsing 100,000s of rows
 * here would stall this process's event loop, and with it the clocks of every other simulated till's requests.
 */
const BootstrapEnvelopeSchema = BootstrapPageSchema.extend({ rows: z.array(z.unknown()) });

async function call<T>(kind: string, url: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch {
    throw new SimulatedRequestError(kind, null);
  }
  const text = await response.text();
  if (!response.ok) throw new SimulatedRequestError(kind, response.status);
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new SimulatedRequestError(`${kind}: an answer outside the protocol`, response.status);
  return parsed.data;
}

/** An admin-made enrolment code, as a store manager gets one. */
export async function adminEnrolmentCode(hub: string, adminToken: string): Promise<string> {
  const body = JSON.stringify({});
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': JSON_CONTENT_TYPE };
  return (await call('enrolment code', `${hub}/admin/enrolment-codes`, { method: 'POST', headers, body }, CodeSchema)).code;
}

/**
 * One simulated till: enrolled with a code, it speaks sync protocol v1 as the till's sync engine does (the same
 * paths, headers and schemas), but keeps no member cache: the simulator measures the hub, not the till.
 */
export class SimulatedTill {
  private cursor: Cursor | null = null;

  private constructor(
    private readonly hub: string,
    private readonly token: string,
    readonly tillName: string,
  ) {}

  static async enrol(hub: string, adminToken: string, tillName: string): Promise<SimulatedTill> {
    const code = await adminEnrolmentCode(hub, adminToken);
    const body = JSON.stringify({ code, tillName, appVersion: 'simulator', platform: process.platform });
    const enrolled = await call('enrol', `${hub}${SYNC_PATHS.enrol}`, { method: 'POST', headers: SimulatedTill.plainHeaders(), body }, EnrolResponseSchema);
    return new SimulatedTill(hub, enrolled.credentials.token, tillName);
  }

  private static plainHeaders(): Record<string, string> {
    return { 'content-type': JSON_CONTENT_TYPE, [SYNC_HEADERS.protocolVersion]: String(PROTOCOL_VERSION) };
  }

  private headers(): Record<string, string> {
    return { ...SimulatedTill.plainHeaders(), [SYNC_HEADERS.authorization]: `Bearer ${this.token}` };
  }

  /** The bootstrap endpoint and this till's headers, for a bootstrap run in a low-priority process (lowPriorityBootstrap.ts). */
  bootstrapRequest(): BootstrapRequest {
    return { url: `${this.hub}${SYNC_PATHS.bootstrap}`, headers: this.headers() };
  }

  /** The change feed's head, from a one-row bootstrap page: where a till that bootstrapped before now stands. */
  async headCursor(): Promise<Cursor> {
    return (await call('bootstrap', `${this.hub}${SYNC_PATHS.bootstrap}?limit=1`, { headers: this.headers() }, BootstrapEnvelopeSchema)).cursor;
  }

  startAt(cursor: Cursor): void {
    this.cursor = cursor;
  }

  /** One poll of the change feed, following `hasMore`; answers the changes received. */
  async pollChanges(): Promise<number> {
    let cursor = this.cursor ?? (await this.headCursor());
    let changes = 0;
    for (;;) {
      const query = new URLSearchParams({ cursor });
      const page: ChangesPage = await call('changes', `${this.hub}${SYNC_PATHS.changes}?${query}`, { headers: this.headers() }, ChangesPageSchema);
      changes += page.changes.length;
      cursor = page.cursor;
      this.cursor = cursor;
      if (!page.hasMore) return changes;
    }
  }

  /** Uploads items as the outbox does; answers the hub's result per item. */
  async upload(items: UploadItem[]): Promise<UploadResult[]> {
    const body = JSON.stringify({ items });
    return (await call('upload', `${this.hub}${SYNC_PATHS.upload}`, { method: 'POST', headers: this.headers(), body }, UploadResponseSchema)).results;
  }
}

/** A sale the hub accepts: anonymous (no member), one line, paid by card; its id names the run, so it can be counted. */
export function simulatedReceipt(runId: string, n: number, tillName: string): Extract<UploadItem, { kind: 'receipt' }> {
  const total = 10 + (n % 90);
  return {
    idempotencyKey: uuidv7(),
    kind: 'receipt',
    payload: {
      receiptId: `sim-${runId}-${n}`, kind: 'sale', profileId: null, createdAt: new Date().toISOString(), currency: 'SEK', total,
      lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: total, amount: total }],
      payments: [{ method: 'card', amount: total }], tillId: tillName,
    },
  };
}
