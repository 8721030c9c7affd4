import {
  MANAGER_TOKEN_HEADER,
  ManagerEnrolRequestSchema,
  ManagerLoginRequestSchema,
  type DeadLetter,
  type Diagnostics,
  type EnrolmentView,
  type ManagerEnrolRequest,
  type RebootstrapResponse,
} from './contract/manager';
import { SyncFailure } from '../../sync/client/syncFailure';
import { ManagerSessions } from './managerSessions';
import { PinAttemptLimiter } from './pinAttemptLimiter';
import { sendJson, sendProblem } from './problem';
import type { Route, RouteContext } from './router';
import { parseBody } from './parseBody';

/** What the manager screen needs from the till. The composition implements it. */
export interface ManagerCore {
  /** Checks a PIN against config `manager.pinHash` (see verifyManagerPin); false when none is set. */
  verifyPin(pin: string): Promise<boolean> | boolean;
  enrolment(): Promise<EnrolmentView> | EnrolmentView;
  /** Enrols this till with a one-time code; throws SyncFailure (`enrolment_refused`, `unreachable`, …) on failure. */
  enrol(request: ManagerEnrolRequest): Promise<EnrolmentView>;
  /** Drops the cursor and loads the CRM's members afresh. */
  rebootstrap(): Promise<RebootstrapResponse>;
  /** Logs and state for support, without personal data. */
  diagnostics(): Promise<Diagnostics> | Diagnostics;
  listDeadLetters(): Promise<DeadLetter[]> | DeadLetter[];
}

export interface ManagerRouteOptions {
  now?: () => number;
  limiter?: PinAttemptLimiter;
  sessions?: ManagerSessions;
}

/** Words a person can act on, per sync failure; the manager screen maps the `type` to its own language. */
const syncFailureProblems: Record<string, { type: string; status: number; detail: string }> = {
  enrolment_refused: { type: 'enrolment_refused', status: 400, detail: 'The CRM refused the enrolment code: it is wrong, used or expired. Ask for a new code.' },
  unreachable: { type: 'crm_unreachable', status: 502, detail: 'The CRM could not be reached. Check the address and the network, then try again.' },
  timeout: { type: 'crm_timeout', status: 504, detail: 'The CRM did not answer in time. Try again in a moment.' },
  server_error: { type: 'crm_error', status: 502, detail: 'The CRM had an error. Try again in a moment.' },
  malformed_response: { type: 'crm_error', status: 502, detail: 'The CRM answered something the till does not understand. Check the address.' },
  unauthorized: { type: 'crm_refused_till', status: 502, detail: 'The CRM no longer accepts this till. Enrol it again.' },
  not_enrolled: { type: 'not_enrolled', status: 409, detail: 'This till is not enrolled yet. Enrol it first.' },
  rejected_request: { type: 'crm_bad_request', status: 400, detail: 'The CRM refused the request. Check the address.' },
};

export function managerRoutes(core: ManagerCore, options: ManagerRouteOptions = {}): Route[] {
  const now = options.now ?? Date.now;
  const limiter = options.limiter ?? new PinAttemptLimiter(now);
  const sessions = options.sessions ?? new ManagerSessions(now);

  function managerToken(ctx: RouteContext): string | undefined {
    const value = ctx.req.headers[MANAGER_TOKEN_HEADER];
    return typeof value === 'string' ? value : undefined;
  }

  /** Wraps a handler so it runs only with a live manager token; sync failures become problems. */
  function guarded(handle: (ctx: RouteContext) => Promise<void> | void): (ctx: RouteContext) => Promise<void> {
    return async (ctx) => {
      if (sessions.touch(managerToken(ctx)) === null) {
        sendProblem(ctx.res, { type: 'manager_pin_required', status: 403, detail: 'Enter the manager PIN again to continue.' });
        return;
      }
      try {
        await handle(ctx);
      } catch (error) {
        if (!(error instanceof SyncFailure)) throw error;
        const problem = syncFailureProblems[error.kind] ?? { type: 'internal', status: 500, detail: 'The till could not finish this. Try again.' };
        sendProblem(ctx.res, problem);
      }
    };
  }

  function refuseLocked(ctx: RouteContext, retryAfterMs: number): void {
    const seconds = Math.ceil(retryAfterMs / 1000);
    ctx.res.setHeader('retry-after', String(seconds));
    sendProblem(ctx.res, { type: 'too_many_attempts', status: 429, detail: `Too many wrong PINs. Wait ${seconds} seconds and try again.`, retryAfterSeconds: seconds });
  }

  return [
    {
      method: 'POST',
      path: '/api/v1/manager/session',
      handle: async (ctx) => {
        const early = limiter.gate();
        if (!early.allowed) return refuseLocked(ctx, early.retryAfterMs);
        const body = await parseBody(ctx, ManagerLoginRequestSchema, 'PIN');
        if (!body) return;
        // Taken synchronously before the (asynchronous) scrypt check, so parallel guesses cannot all pass.
        const reserved = limiter.reserve();
        if (!reserved.allowed) return refuseLocked(ctx, reserved.retryAfterMs);
        if (!(await core.verifyPin(body.pin))) {
          sendProblem(ctx.res, { type: 'wrong_pin', status: 401, detail: 'That PIN is not right.', attemptsLeft: limiter.attemptsLeft() });
          return;
        }
        limiter.recordSuccess();
        const issued = sessions.issue();
        sendJson(ctx.res, 201, { managerToken: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/manager/session',
      handle: (ctx) => {
        sessions.revoke(managerToken(ctx));
        ctx.res.writeHead(204).end();
      },
    },
    { method: 'GET', path: '/api/v1/manager/enrolment', handle: guarded(async ({ res }) => sendJson(res, 200, await core.enrolment())) },
    {
      method: 'POST',
      path: '/api/v1/manager/enrolment',
      handle: guarded(async (ctx) => {
        const body = await parseBody(ctx, ManagerEnrolRequestSchema, 'enrolment');
        if (body) sendJson(ctx.res, 200, await core.enrol(body));
      }),
    },
    { method: 'POST', path: '/api/v1/manager/rebootstrap', handle: guarded(async ({ res }) => sendJson(res, 202, await core.rebootstrap())) },
    {
      method: 'GET',
      path: '/api/v1/manager/dead-letters',
      handle: guarded(async ({ res }) => sendJson(res, 200, { deadLetters: await core.listDeadLetters() })),
    },
    {
      method: 'GET',
      path: '/api/v1/manager/diagnostics',
      handle: guarded(async ({ res }) => {
        res.setHeader('content-disposition', 'attachment; filename="tillid-diagnostics.json"');
        sendJson(res, 200, await core.diagnostics());
      }),
    },
  ];
}

