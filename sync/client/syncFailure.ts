import { z } from 'zod';

/**
 * Why a sync step failed, as a small closed set the UI, the POS API and the scheduler understand.
 * Messages are fixed phrases plus methods, paths and status codes: never a body, a token or personal data.
 */
export const SyncFailureKindSchema = z.enum([
  'unreachable', // no connection, reset, DNS
  'timeout', // a phase of the request took too long
  'server_error', // 5xx
  'malformed_response', // the body did not parse: nothing was applied
  'unauthorized', // 401/403: the till's credentials were refused (re-enrol)
  'cursor_expired', // 410: the CRM no longer knows our cursor (handled by a re-bootstrap)
  'rejected_request', // another 4xx: a bug on one side
  'not_enrolled', // no enrolment in the data directory
  'enrolment_refused', // the one-time code was wrong, used or expired
  'local_error', // the cache or the disk failed
]);
export type SyncFailureKind = z.infer<typeof SyncFailureKindSchema>;

export class SyncFailure extends Error {
  readonly kind: SyncFailureKind;
  readonly status: number | undefined;
  /** The CRM's problem `type` when it answered with one (e.g. `enrolment_code_used`). */
  readonly problemType: string | undefined;
  /** The problem's short `reason` code, when it carried one (`already_redeemed`, `stale`). */
  readonly problemReason: string | undefined;

  constructor(kind: SyncFailureKind, message: string, options: { status?: number; problemType?: string; problemReason?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncFailure';
    this.kind = kind;
    this.status = options.status;
    this.problemType = options.problemType;
    this.problemReason = options.problemReason;
  }
}

/** Kinds that mean the CRM could not be used at all: the till is offline until an exchange succeeds. */
export function meansUnreachable(kind: SyncFailureKind): boolean {
  return kind === 'unreachable' || kind === 'timeout' || kind === 'server_error' || kind === 'malformed_response';
}

/** Any thrown value as a SyncFailure; unknown errors become local errors with their class name only. */
export function toSyncFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new SyncFailure('local_error', `local failure (${name})`, { cause: error });
}

export const SyncErrorInfoSchema = z.object({
  kind: SyncFailureKindSchema,
  message: z.string(),
  /** Epoch ms. */
  at: z.number(),
});
export type SyncErrorInfo = z.infer<typeof SyncErrorInfoSchema>;
