import { STEP_UP_PATHS, StepUpCodeRequestSchema, StepUpStartRequestSchema, VerificationIdSchema } from '../../sync/protocol';
import type { HubParts } from '../hubParts';
import { jsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Reply, Route } from '../http/routeTable';
import { BankIdUnavailable } from '../stepUp/relyingPartyOrders';

const UNKNOWN = 'no verification with this id was started by this till';

/** The till's step-up endpoints (docs/sync-protocol.md, "Step-up verification"), authenticated by device token. */
export function stepUpRoutes(parts: HubParts): Route[] {
  const desk = parts.stepUp;
  const idOf = (params: Record<string, string>): string | null => {
    const parsed = VerificationIdSchema.safeParse(params.id);
    return parsed.success ? parsed.data : null;
  };
  const found = (value: unknown): Reply => (value === null ? syncProblem('not_found', UNKNOWN) : jsonReply(200, value));

  return [
    {
      method: 'POST', path: STEP_UP_PATHS.start, auth: 'till',
      handle: async ({ body, till, now, remoteAddress }) => {
        const parsed = StepUpStartRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the step-up request');
        // BankID's endUserIp: the till shows the QR code, so the till's address is the end user's as the hub sees it.
        const answer = await desk.start(till?.tillId ?? 'unknown', parsed.data, now, remoteAddress);
        return jsonReply(answer.outcome === 'started' ? 201 : 200, answer);
      },
    },
    {
      method: 'GET', path: STEP_UP_PATHS.verification, auth: 'till',
      handle: async ({ params, till, now }) => {
        const id = idOf(params);
        try {
          return found(id === null ? null : await desk.read(till?.tillId ?? 'unknown', id, now));
        } catch (error) {
          // The till shows BankID's RFA5 and polls again; the order stays open at BankID and here.
          if (error instanceof BankIdUnavailable) return syncProblem('unavailable', 'BankID did not answer; the order is still open: ask again shortly');
          throw error;
        }
      },
    },
    {
      method: 'POST', path: STEP_UP_PATHS.code, auth: 'till',
      handle: async ({ params, body, till, now }) => {
        const parsed = StepUpCodeRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the code');
        const id = idOf(params);
        return found(id === null ? null : await desk.submitCode(till?.tillId ?? 'unknown', id, parsed.data.code, now));
      },
    },
    {
      method: 'POST', path: STEP_UP_PATHS.cancel, auth: 'till',
      handle: async ({ params, till, now }) => {
        const id = idOf(params);
        return found(id === null ? null : await desk.cancel(till?.tillId ?? 'unknown', id, now));
      },
    },
  ];
}
