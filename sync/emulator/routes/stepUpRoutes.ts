import { STEP_UP_PATHS, StepUpCodeRequestSchema, StepUpStartRequestSchema, VerificationIdSchema } from '../../protocol';
import type { CrmParts } from '../crmParts';
import { jsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Reply, Route } from '../http/routeTable';
import { stepUpDeskOf } from '../stepUp/stepUpDeskOf';

const UNKNOWN = 'no verification with this id was started by this till';

/** The till's step-up endpoints (docs/sync-protocol.md, "Step-up verification"), authenticated by device token. */
export function stepUpRoutes(parts: CrmParts): Route[] {
  const desk = stepUpDeskOf(parts);
  const idOf = (params: Record<string, string>): string | null => {
    const parsed = VerificationIdSchema.safeParse(params.id);
    return parsed.success ? parsed.data : null;
  };
  const found = (value: unknown): Reply => (value === null ? syncProblem('not_found', UNKNOWN) : jsonReply(200, value));

  return [
    {
      method: 'POST', path: STEP_UP_PATHS.start, auth: 'device',
      handle: ({ body, device, now }) => {
        const parsed = StepUpStartRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the step-up request');
        const answer = desk.start(device?.deviceId ?? 'unknown', parsed.data, now);
        return jsonReply(answer.outcome === 'started' ? 201 : 200, answer);
      },
    },
    {
      method: 'GET', path: STEP_UP_PATHS.verification, auth: 'device',
      handle: ({ params, device, now }) => {
        const id = idOf(params);
        return found(id === null ? null : desk.read(device?.deviceId ?? 'unknown', id, now));
      },
    },
    {
      method: 'POST', path: STEP_UP_PATHS.code, auth: 'device',
      handle: ({ params, body, device, now }) => {
        const parsed = StepUpCodeRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the code');
        const id = idOf(params);
        return found(id === null ? null : desk.submitCode(device?.deviceId ?? 'unknown', id, parsed.data.code, now));
      },
    },
    {
      method: 'POST', path: STEP_UP_PATHS.cancel, auth: 'device',
      handle: ({ params, device, now }) => {
        const id = idOf(params);
        return found(id === null ? null : desk.cancel(device?.deviceId ?? 'unknown', id, now));
      },
    },
  ];
}
