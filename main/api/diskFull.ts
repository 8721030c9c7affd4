import type { TillFailure } from '../tillFailure';
import { apiFailure } from './problem';
import type { ProblemCode } from './problemTable';

/**
 * Errors that mean the till's disk is full: SQLite's SQLITE_FULL (it maps a write's ENOSPC to it), SQLITE_IOERR_SHMSIZE
 * (growing the WAL index on a full disk) and a file write's ENOSPC.
 */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC']);

export function isDiskFull(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && DISK_FULL_CODES.has(code);
}

/** 507: nothing of this request was stored (its transaction rolled back); what was accepted earlier is on disk. */
export function diskFullFailure(): TillFailure<ProblemCode> {
  return apiFailure('disk_full', "The till's disk is full: free space on it. Nothing accepted before this is lost; this request was not recorded, so send it again once there is space.");
}
