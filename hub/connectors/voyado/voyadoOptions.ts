import { z } from 'zod';

/** Voyado's stated ceiling for normal operation, per API key (its hard limit, 200/s, answers 429). */
export const VOYADO_REQUESTS_PER_SECOND = 50;

export const VoyadoOptionsSchema = z.object({
  /** The tenant's API root, e.g. `https://retailer.voyado.com` (the connector adds `/api/v2/…`). */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
  apiKey: z.string().min(1).max(500),
  /** The contact type the mirror holds and sign-ups create (Voyado's default is `Member`). */
  contactType: z.string().min(1).max(100).default('Member'),
  /** The hub's version, for `User-Agent: Tillid-Hub/<version>`. */
  version: z.string().min(1).max(40),
  /**
   * A request that has not answered by then counts as `retry_later` (default 4 s: a lookup is two requests, and the
   * hub gives a whole connector call 10 s).
   */
  timeoutMs: z.number().int().min(100).max(120_000).default(4_000),
  /** Requests started per second per key, at most (default and ceiling 50). */
  perSecond: z.number().int().min(1).max(VOYADO_REQUESTS_PER_SECOND).default(VOYADO_REQUESTS_PER_SECOND),
  /**
   * Added to the limiter's one-second window: requests leave evenly, but they reach Voyado with jitter, and two that
   * left 1,000 ms apart can arrive 990 ms apart (default 100 ms).
   */
  windowMarginMs: z.number().int().min(0).max(1000).default(100),
  /** How long one call may wait out 429s in all before it answers `retry_later` with the Retry-After (default 2 s). */
  maxThrottleWaitMs: z.number().int().min(0).max(300_000).default(2_000),
  /** The stores' time zone: receipts carry local time with its offset, as the reference asks (default Europe/Stockholm). */
  timeZone: z.string().min(1).max(64).default('Europe/Stockholm'),
  /** The point definition whose account holds the points the tills show and redeem (default 1). */
  pointDefinitionId: z.number().int().positive().default(1),
  /** Country code of contacts created at a till (default SE). */
  countryCode: z.string().regex(/^[A-Z]{2}$/).default('SE'),
  /**
   * Where the full import starts: every contact created since then is fetched one by one (two requests each). Absent:
   * the full import brings nothing, and the first load comes from a contact export file (`tillid hub import`).
   */
  importFrom: z.date().optional(),
  /** Each changes poll reaches back this far before the last one ended, so a late-committed change is not missed. */
  changesOverlapMs: z.number().int().min(0).max(3_600_000).default(10_000),
  /**
   * The tenant's consent id for a till's consent purpose, e.g. `{terms: 'memberTerms'}` (consents are set up per
   * tenant by Voyado). A purpose not named goes under its own name; `marketingEmail` and `marketingSms` are the
   * contact's preferences `acceptsEmail` and `acceptsSms`.
   */
  consentIds: z.record(z.string().regex(/^[A-Za-z][\w.-]*$/).max(50), z.string().min(1).max(100)).default({}),
  /** Members per batch of the full import (default 500). */
  importBatchSize: z.number().int().min(1).max(10_000).default(500),
});
export type VoyadoOptionsInput = z.input<typeof VoyadoOptionsSchema>;
export type VoyadoOptions = z.output<typeof VoyadoOptionsSchema>;
