import { ActionCheckRequestSchema, RedeemPointsRequestSchema, StartStepUpRequestSchema, StepUpCodeRequestSchema } from './contract/stepUp';
import type { ActionAllowed } from './contract/stepUp';
import { stepUpRequired } from '../stepup/stepUpProblems';
import type { StepUpService } from '../stepup/stepUpService';
import { sendJson } from './problem';
import type { Route } from './router';
import { parseBody } from './parseBody';

/**
 * The POS API's step-up routes (docs/pos-api.md, "Step-up verification"). Refusals are TillErrors, which the server
 * answers as problems; `step_up_required` carries what would raise the customer's assurance.
 */
export function stepUpRoutes(service: StepUpService): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/actions/check',
      handle: async (ctx) => {
        const body = await parseBody(ctx, ActionCheckRequestSchema, 'action check');
        if (!body) return;
        const decision = service.check(body.action);
        if (!decision.allowed) throw stepUpRequired(decision);
        const allowed: ActionAllowed = { allowed: true, action: decision.action, required: decision.required, current: decision.current };
        sendJson(ctx.res, 200, allowed);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/step-up',
      handle: async (ctx) => {
        const body = await parseBody(ctx, StartStepUpRequestSchema, 'step-up request');
        if (body) sendJson(ctx.res, 201, await service.start(body.method));
      },
    },
    { method: 'GET', path: '/api/v1/step-up/:id', handle: async ({ res, params }) => sendJson(res, 200, await service.status(params.id ?? '')) },
    {
      method: 'DELETE',
      path: '/api/v1/step-up/:id',
      handle: async ({ res, params }) => {
        await service.cancel(params.id ?? '');
        res.writeHead(204).end();
      },
    },
    {
      method: 'POST',
      path: '/api/v1/step-up/:id/code',
      handle: async (ctx) => {
        const body = await parseBody(ctx, StepUpCodeRequestSchema, 'code');
        if (body) sendJson(ctx.res, 200, await service.submitCode(ctx.params.id ?? '', body.code));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/points/redeem',
      handle: async (ctx) => {
        const body = await parseBody(ctx, RedeemPointsRequestSchema, 'redemption');
        if (body) sendJson(ctx.res, 200, await service.redeemPoints(body));
      },
    },
  ];
}
