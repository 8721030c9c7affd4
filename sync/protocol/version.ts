/**
 * The sync protocol's version, paths, headers and limits: what a till and the CRM side must agree on
 * before any message is exchanged. A breaking change bumps PROTOCOL_VERSION and the base path.
 */
export const PROTOCOL_VERSION = 1;

export const SYNC_BASE_PATH = '/sync/v1';

export const SYNC_PATHS = {
  enrol: `${SYNC_BASE_PATH}/enrol`,
  bootstrap: `${SYNC_BASE_PATH}/bootstrap`,
  changes: `${SYNC_BASE_PATH}/changes`,
  keys: `${SYNC_BASE_PATH}/keys`,
  upload: `${SYNC_BASE_PATH}/upload`,
  /** Added within v1: a CRM side that answers 404 simply does not keep heartbeats. */
  heartbeat: `${SYNC_BASE_PATH}/heartbeat`,
} as const;

/** Header names, lower-case as Node reports them. */
export const SYNC_HEADERS = {
  /** Sent by the till on every request and by the CRM on every answer: the integer PROTOCOL_VERSION. */
  protocolVersion: 'tillid-protocol-version',
  /** `Bearer <device token>` after enrolment. */
  authorization: 'authorization',
  /** Optional, from the till: echoed by the CRM so both logs can be joined. */
  requestId: 'tillid-request-id',
  /** Seconds, on 503 and 429 answers. */
  retryAfter: 'retry-after',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const SYNC_LIMITS = {
  /** Upload batch size ceiling; larger batches get 413 `batch_too_large`. */
  maxUploadItems: 500,
  /** Upload body ceiling in bytes (500 receipts of 500 lines fit comfortably below it). */
  maxUploadBytes: 16 * 1024 * 1024,
  bootstrapDefaultLimit: 10_000,
  bootstrapMaxLimit: 20_000,
  changesDefaultLimit: 1_000,
  changesMaxLimit: 10_000,
} as const;
