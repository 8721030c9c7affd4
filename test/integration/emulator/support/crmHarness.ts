import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import {
  BootstrapPageSchema, ChangesPageSchema, EnrolResponseSchema, SyncProblemSchema, UploadResponseSchema,
} from '../../../../sync/protocol';
import type { BootstrapPage, ChangesPage, ReceiptPayload, UploadItem, UploadResponse } from '../../../../sync/protocol';
import { startTestHub } from '../../../support/testHub';
import type { TestHub, TestHubOptions, TestHubStorage } from '../../../support/testHub';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * A running hub with the demo connector (where the emulated CRM was) on a fresh database, with plain-fetch helpers for
 * the admin API and the sync protocol.
 */
export class CrmHarness {
  private constructor(readonly crm: TestHub) {}

  static async start(options: TestHubOptions = {}): Promise<CrmHarness> {
    return new CrmHarness(await startTestHub({ members: 100, seed: 42, ...options, port: 0, host: '127.0.0.1' }));
  }

  /** Stops the hub; its database is dropped, or kept for a restart on it (`start({storage})`). */
  async stop(): Promise<void> {
    await this.crm.close();
  }

  keep(): Promise<TestHubStorage> {
    return this.crm.keep();
  }

  async request(method: string, urlPath: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.crm.url}${urlPath}`, {
      method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  admin(method: string, urlPath: string, body?: unknown): Promise<HttpAnswer> {
    return this.request(method, urlPath, { token: this.crm.adminToken, body });
  }

  async adminOk<T>(method: string, urlPath: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const answer = await this.admin(method, urlPath, body);
    if (answer.status >= 300) throw new Error(`${method} ${urlPath} → ${answer.status} ${answer.text}`);
    return schema.parse(answer.json);
  }

  /** Issues a code and enrols a till with it; returns the device token. */
  async enrolTill(tillName = 'Kassa 1'): Promise<string> {
    const code = (await this.admin('POST', '/admin/enrolment-codes', {})).json as { code: string };
    const answer = await this.request('POST', '/sync/v1/enrol', { body: { code: code.code, tillName } });
    if (answer.status !== 201) throw new Error(`enrol → ${answer.status} ${answer.text}`);
    return EnrolResponseSchema.parse(answer.json).credentials.token;
  }

  async bootstrapPage(token: string, after: string | null, limit: number): Promise<BootstrapPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (after) q.set('after', after);
    const answer = await this.request('GET', `/sync/v1/bootstrap?${q}`, { token });
    if (answer.status !== 200) throw new Error(`bootstrap → ${answer.status} ${answer.text}`);
    return BootstrapPageSchema.parse(answer.json);
  }

  /** Every bootstrap page from the start; returns the pages. */
  async bootstrapAll(token: string, limit: number): Promise<BootstrapPage[]> {
    const pages: BootstrapPage[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10_000; guard++) {
      const page = await this.bootstrapPage(token, after, limit);
      pages.push(page);
      if (page.nextPageToken === null) return pages;
      after = page.nextPageToken;
    }
    throw new Error('bootstrap did not end');
  }

  async changes(token: string, cursor: string, limit?: number): Promise<ChangesPage> {
    const q = new URLSearchParams({ cursor });
    if (limit) q.set('limit', String(limit));
    const answer = await this.request('GET', `/sync/v1/changes?${q}`, { token });
    if (answer.status !== 200) throw new Error(`changes → ${answer.status} ${answer.text}`);
    return ChangesPageSchema.parse(answer.json);
  }

  async upload(token: string, items: UploadItem[] | unknown[]): Promise<UploadResponse> {
    const answer = await this.request('POST', '/sync/v1/upload', { token, body: { items } });
    if (answer.status !== 200) throw new Error(`upload → ${answer.status} ${answer.text}`);
    return UploadResponseSchema.parse(answer.json);
  }
}

export function problemOf(answer: HttpAnswer): z.infer<typeof SyncProblemSchema> {
  return SyncProblemSchema.parse(answer.json);
}

export function receipt(receiptId: string, profileId: string | null, total = 129.9): ReceiptPayload {
  return {
    receiptId, kind: 'sale', profileId, createdAt: '2025-03-01T10:15:00+01:00', currency: 'SEK', total,
    lines: [{ sku: '7310865004703', description: 'Kaffe 500 g', quantity: 1, unitPrice: total, amount: total }],
    payments: [{ method: 'card', amount: total }], tillId: 'till-1',
  };
}

export function receiptItem(receiptId: string, profileId: string | null, key = uuidv7()): UploadItem {
  return { idempotencyKey: key, kind: 'receipt', payload: receipt(receiptId, profileId) };
}

export function signupItem(provisionalId: string, identifiers: { kind: 'phone' | 'email'; value: string }[], firstName: string | null = 'Test'): UploadItem {
  return {
    idempotencyKey: uuidv7(), kind: 'signup',
    payload: { provisionalId, firstName, identifiers, createdAt: '2025-03-01T10:00:00+01:00', tillId: 'till-1' },
  };
}
