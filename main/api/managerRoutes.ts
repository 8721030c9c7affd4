import {
  DeadLettersResponseSchema,
  DiagnosticsSchema,
  EnrolmentViewSchema,
  MANAGER_TOKEN_HEADER,
  ManagerEnrolRequestSchema,
  ManagerLoginRequestSchema,
  ManagerLoginResponseSchema,
  RebootstrapResponseSchema,
} from './contract/manager';
import { SyncFailure, type SyncFailureKind } from '../../sync/client/syncFailure';
import type { TillFailure } from '../tillFailure';
import { bindRoutes, defineRoute, type RouteSpec } from './apiRoute';
import { ManagerSessions } from './managerSessions';
import { PinAttemptLimiter } from './pinAttemptLimiter';
import { apiFailure } from './problem';
import type { ProblemCode } from './problemTable';
import type { Route, RouteContext } from './router';
import type { ManagerCore } from '../till/ports/managerCore';

export interface ManagerRouteOptions {
  now?: () => number;
  limiter?: PinAttemptLimiter;
  sessions?: ManagerSessions;
}

/** The manager core and the PIN's state: what the manager routes run over. */
export interface ManagerDeps {
  core: ManagerCore;
  limiter: PinAttemptLimiter;
  sessions: ManagerSessions;
}

/** Words a person can act on, per sync failure; the manager screen maps the code to its own language. */
const syncFailures: Partial<Record<SyncFailureKind, { code: ProblemCode; detail: string }>> = {
  enrolment_refused: { code: 'enrolment_refused', detail: 'The CRM refused the enrolment code: it is wrong, used or expired. Ask for a new code.' },
  unreachable: { code: 'crm_unreachable', detail: 'The CRM could not be reached. Check the address and the network, then try again.' },
  timeout: { code: 'crm_timeout', detail: 'The CRM did not answer in time. Try again in a moment.' },
  server_error: { code: 'crm_error', detail: 'The CRM had an error. Try again in a moment.' },
  malformed_response: { code: 'crm_error', detail: 'The CRM answered something the till does not understand. Check the address.' },
  unauthorized: { code: 'crm_refused_till', detail: 'The CRM no longer accepts this till. Enrol it again.' },
  not_enrolled: { code: 'not_enrolled', detail: 'This till is not enrolled yet. Enrol it first.' },
  rejected_request: { code: 'crm_bad_request', detail: 'The CRM refused the request. Check the address.' },
};

const CRM_PROBLEMS: readonly ProblemCode[] = ['enrolment_refused', 'crm_bad_request', 'not_enrolled', 'crm_unreachable', 'crm_error', 'crm_refused_till', 'crm_timeout'];

/** Runs a call to the CRM; its SyncFailure becomes the manager screen's failure. */
async function askingCrm<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof SyncFailure)) throw error;
    const known = syncFailures[error.kind];
    throw known ? apiFailure(known.code, known.detail) : apiFailure('internal', 'The till could not finish this. Try again.');
  }
}

function managerToken(ctx: RouteContext): string | undefined {
  const value = ctx.req.headers[MANAGER_TOKEN_HEADER];
  return typeof value === 'string' ? value : undefined;
}

/** Only with a live manager token (each use extends it). */
function requireManager({ sessions }: ManagerDeps, ctx: RouteContext): void {
  if (sessions.touch(managerToken(ctx)) === null) throw apiFailure('manager_pin_required', 'Enter the manager PIN again to continue.');
}

function locked(ctx: RouteContext, retryAfterMs: number): TillFailure<ProblemCode> {
  const seconds = Math.ceil(retryAfterMs / 1000);
  ctx.res.setHeader('retry-after', String(seconds));
  return apiFailure('too_many_attempts', `Too many wrong PINs. Wait ${seconds} seconds and try again.`, { retryAfterSeconds: seconds });
}

export const MANAGER_ROUTES: readonly RouteSpec<ManagerDeps>[] = [
  defineRoute({
    method: 'POST', path: '/api/v1/manager/session', operationId: 'managerLogin', tag: 'manager',
    request: { name: 'ManagerLoginRequest', what: 'PIN', schema: ManagerLoginRequestSchema },
    summary: 'Trade the manager PIN for a short-lived manager token',
    answers: { 201: { description: 'The manager token; each use extends it.', json: { name: 'ManagerLoginResponse', schema: ManagerLoginResponseSchema } } },
    problems: ['wrong_pin', 'too_many_attempts'],
    // A locked PIN is refused before the body is read.
    admit: ({ limiter }: ManagerDeps, ctx) => {
      const early = limiter.gate();
      if (!early.allowed) throw locked(ctx, early.retryAfterMs);
    },
    handle: async ({ core, limiter, sessions }: ManagerDeps, ctx, body) => {
      // Taken synchronously before the (asynchronous) scrypt check, so parallel guesses cannot all pass.
      const reserved = limiter.reserve();
      if (!reserved.allowed) throw locked(ctx, reserved.retryAfterMs);
      if (!(await core.verifyPin(body.pin))) throw apiFailure('wrong_pin', 'That PIN is not right.', { attemptsLeft: limiter.attemptsLeft() });
      limiter.recordSuccess();
      const issued = sessions.issue();
      return { managerToken: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() };
    },
  }),
  defineRoute<ManagerDeps>({
    method: 'DELETE', path: '/api/v1/manager/session', operationId: 'managerLogout', tag: 'manager',
    summary: `Revoke the manager token sent in ${MANAGER_TOKEN_HEADER}, if any`,
    answers: { 204: { description: 'Revoked (or there was none).' } },
    handle: ({ sessions }, ctx) => {
      sessions.revoke(managerToken(ctx));
    },
  }),
  defineRoute<ManagerDeps>({
    method: 'GET', path: '/api/v1/manager/enrolment', operationId: 'getEnrolment', tag: 'manager', managerToken: true, admit: requireManager,
    summary: 'Who this till is to the CRM',
    answers: { 200: { description: 'The enrolment; `enrolled: false` before there is one.', json: { name: 'EnrolmentView', schema: EnrolmentViewSchema } } },
    handle: ({ core }) => core.enrolment(),
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/manager/enrolment', operationId: 'enrol', tag: 'manager', managerToken: true, admit: requireManager,
    request: { name: 'ManagerEnrolRequest', what: 'enrolment', schema: ManagerEnrolRequestSchema },
    summary: 'Enrol this till with the CRM using a one-time code',
    answers: { 200: { description: 'The new enrolment.', json: { name: 'EnrolmentView', schema: EnrolmentViewSchema } } },
    problems: CRM_PROBLEMS,
    handle: ({ core }: ManagerDeps, _ctx, body) => askingCrm(() => core.enrol(body)),
  }),
  defineRoute<ManagerDeps>({
    method: 'POST', path: '/api/v1/manager/rebootstrap', operationId: 'rebootstrap', tag: 'manager', managerToken: true, admit: requireManager,
    summary: 'Drop the sync cursor and load the CRM’s members afresh',
    answers: { 202: { description: 'Started, or already done.', json: { name: 'RebootstrapResponse', schema: RebootstrapResponseSchema } } },
    problems: CRM_PROBLEMS,
    handle: ({ core }) => askingCrm(() => core.rebootstrap()),
  }),
  defineRoute<ManagerDeps>({
    method: 'GET', path: '/api/v1/manager/dead-letters', operationId: 'listDeadLetters', tag: 'manager', managerToken: true, admit: requireManager,
    summary: 'Outbox items the CRM refused for good (what and why, never their content)',
    answers: { 200: { description: 'The dead letters.', json: { name: 'DeadLettersResponse', schema: DeadLettersResponseSchema } } },
    handle: async ({ core }) => ({ deadLetters: await core.listDeadLetters() }),
  }),
  defineRoute<ManagerDeps>({
    method: 'GET', path: '/api/v1/manager/diagnostics', operationId: 'getDiagnostics', tag: 'manager', managerToken: true, admit: requireManager,
    summary: 'A diagnostics export for support, without personal data',
    answers: {
      200: {
        description: 'The export, as a download.',
        json: { name: 'Diagnostics', schema: DiagnosticsSchema },
        headers: { 'Content-Disposition': 'attachment; filename="tillid-diagnostics.json"' },
      },
    },
    handle: async ({ core }, { res }) => {
      const diagnostics = await core.diagnostics();
      res.setHeader('content-disposition', 'attachment; filename="tillid-diagnostics.json"');
      return diagnostics;
    },
  }),
];

export function managerRoutes(core: ManagerCore, options: ManagerRouteOptions = {}): Route[] {
  const now = options.now ?? Date.now;
  return bindRoutes(MANAGER_ROUTES, {
    core,
    limiter: options.limiter ?? new PinAttemptLimiter(now),
    sessions: options.sessions ?? new ManagerSessions(now),
  });
}
