import type { z } from 'zod';
import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE, SYNC_PROBLEM_STATUS } from '../../sync/protocol';
import type { SyncProblem, SyncProblemType } from '../../sync/protocol';
import type { Reply } from './routeTable';

export function jsonReply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), contentType: JSON_CONTENT_TYPE };
}

/** A body already serialised (bootstrap pages are assembled from pre-rendered rows). */
export function rawJsonReply(status: number, body: string): Reply {
  return { status, body, contentType: JSON_CONTENT_TYPE };
}

export function noContentReply(): Reply {
  return { status: 204 };
}

const TITLES: Record<string, string> = {
  bad_request: 'Bad request',
  unsupported_version: 'Unsupported protocol version',
  unauthorized: 'Unauthorized',
  enrolment_code_invalid: 'Enrolment code not valid',
  enrolment_code_used: 'Enrolment code already used',
  enrolment_code_expired: 'Enrolment code expired',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  cursor_expired: 'Cursor expired',
  unknown_profile: 'Unknown profile',
  insufficient_points: 'Insufficient points',
  step_up_required: 'Step-up required',
  offer_not_available: 'Offer not available',
  redemption_in_progress: 'Redemption in progress',
  crm_unavailable: 'CRM unavailable',
  member_not_found: 'No such member',
  several_members: 'Several members',
  batch_too_large: 'Batch too large',
  internal: 'Internal error',
  unavailable: 'Unavailable',
  admin_unauthorized: 'Admin token required',
  profile_erased: 'Profile erased',
  profile_merged: 'Profile merged',
  identifier_taken: 'Identifier taken',
  invalid_operation: 'Invalid operation',
};

/** A problem of the sync protocol (status from SYNC_PROBLEM_STATUS). */
export function syncProblem(type: SyncProblemType, detail: string, errors?: SyncProblem['errors']): Reply {
  return problemReply(SYNC_PROBLEM_STATUS[type], type, detail, errors ? { errors } : {});
}

/** Any problem, including the admin API's own types. */
export function problemReply(status: number, type: string, detail: string, extra: Record<string, unknown> = {}): Reply {
  const headers: Record<string, string> = {};
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (status === 503) headers['retry-after'] = '1';
  return {
    status,
    body: JSON.stringify({ type, title: TITLES[type] ?? type, status, detail, ...extra }),
    contentType: PROBLEM_CONTENT_TYPE,
    headers,
  };
}

/** 400 with the failing fields of a zod error (paths and messages; never the values). */
export function validationProblem(error: z.ZodError, what: string): Reply {
  const errors = error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  return syncProblem('bad_request', `${what} does not match its schema: ${errors.map((e) => e.path).join(', ')}`, errors);
}
