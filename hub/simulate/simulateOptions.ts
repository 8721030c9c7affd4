import { isIP } from 'node:net';
import { z } from 'zod';

/** Loopback only: the simulator puts real load on a hub, so it may only aim at one on this machine. */
export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * `tillid hub simulate`: every figure bounded, so a run always ends by itself (at most 10 minutes, 5,000 tills,
 * 1,000 receipts a second).
 */
export const SimulateOptionsSchema = z
  .object({
    hub: z.string().refine(isLoopbackUrl, 'the hub must be on this machine (http://127.x.x.x, http://[::1] or http://localhost)').transform((u) => u.replace(/\/+$/, '')),
    adminToken: z.string().min(1).max(500),
    tills: z.number().int().min(1).max(5_000),
    seconds: z.number().int().min(1).max(600),
    receiptsPerSecond: z.number().min(0).max(1_000).default(0),
    bootstrappers: z.number().int().min(0).max(100).default(0),
    /** Every till polls the change feed this often; the polls of the fleet are spread evenly over it. */
    pollIntervalMs: z.number().int().min(100).max(60_000).default(10_000),
    /**
     * Rows per bootstrap page (the protocol's bounds): by default 2,000, what the till asks for (BOOTSTRAP_PAGE_SIZE of
     * sync/client/syncEngine.ts), so the hub serves the simulated fleet's bootstraps as it serves real tills'.
     */
    bootstrapPageSize: z.number().int().min(1).max(20_000).default(2_000),
    /** Enrolments in flight at once while the fleet is set up. */
    enrolConcurrency: z.number().int().min(1).max(100).default(20),
  })
  .refine((o) => o.bootstrappers <= o.tills, { message: 'bootstrappers cannot exceed tills', path: ['bootstrappers'] });
export type SimulateOptionsInput = z.input<typeof SimulateOptionsSchema>;
export type SimulateOptions = z.output<typeof SimulateOptionsSchema>;
