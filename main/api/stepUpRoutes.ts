import {
  ActionAllowedSchema,
  ActionCheckRequestSchema,
  RedeemOfferAnswerSchema,
  RedeemOfferRequestSchema,
  RedeemPointsAnswerSchema,
  RedeemPointsRequestSchema,
  StartStepUpRequestSchema,
  StepUpCodeAnswerSchema,
  StepUpCodeRequestSchema,
  StepUpViewSchema,
  type ActionAllowed,
} from './contract/stepUp';
import { stepUpRequired } from '../stepup/stepUpProblems';
import type { StepUpService } from '../stepup/stepUpService';
import { bindRoutes, defineRoute, type RouteSpec } from './apiRoute';
import type { Route } from './router';

const StepUpView = { name: 'StepUpView', schema: StepUpViewSchema };

/**
 * The POS API's step-up routes (docs/pos-api.md, "Step-up verification"). Refusals are TillFailures, which the server
 * answers as problems; `step_up_required` carries what would raise the customer's assurance.
 */
export const STEP_UP_ROUTES: readonly RouteSpec<StepUpService>[] = [
  defineRoute({
    method: 'POST', path: '/api/v1/actions/check', operationId: 'checkAction', tag: 'step-up',
    request: { name: 'ActionCheckRequest', what: 'action check', schema: ActionCheckRequestSchema },
    summary: 'Whether the current customer’s assurance allows an action',
    answers: { 200: { description: 'Allowed.', json: { name: 'ActionAllowed', schema: ActionAllowedSchema } } },
    problems: ['step_up_required', 'no_customer'],
    handle: (service: StepUpService, _ctx, body) => {
      const decision = service.check(body.action);
      if (!decision.allowed) throw stepUpRequired(decision);
      const allowed: ActionAllowed = { allowed: true, action: decision.action, required: decision.required, current: decision.current };
      return allowed;
    },
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/step-up', operationId: 'startStepUp', tag: 'step-up',
    request: { name: 'StartStepUpRequest', what: 'step-up request', schema: StartStepUpRequestSchema },
    summary: 'Start a verification of the current customer (SMS code, e-mail link or BankID)',
    answers: { 201: { description: 'The verification, pending.', json: StepUpView } },
    problems: ['no_customer', 'already_verified', 'not_enrolled', 'method_unavailable', 'step_up_rate_limited', 'crm_refused', 'offline'],
    handle: (service: StepUpService, _ctx, body) => service.start(body.method, body.forOffer === undefined ? {} : { forOffer: body.forOffer }),
  }),
  defineRoute<StepUpService>({
    method: 'GET', path: '/api/v1/step-up/:id', operationId: 'getStepUp', tag: 'step-up',
    summary: 'A verification’s state',
    answers: { 200: { description: 'The verification.', json: StepUpView } },
    problems: ['step_up_not_found'],
    handle: (service, { params }) => service.status(params.id ?? ''),
  }),
  defineRoute<StepUpService>({
    method: 'DELETE', path: '/api/v1/step-up/:id', operationId: 'cancelStepUp', tag: 'step-up',
    summary: 'Cancel a verification (at the CRM too)',
    answers: { 204: { description: 'Cancelled.' } },
    problems: ['step_up_not_found'],
    handle: async (service, { params }) => {
      await service.cancel(params.id ?? '');
    },
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/step-up/:id/code', operationId: 'submitStepUpCode', tag: 'step-up',
    request: { name: 'StepUpCodeRequest', what: 'code', schema: StepUpCodeRequestSchema },
    summary: 'Check the code the customer received by SMS',
    answers: { 200: { description: 'Whether the code was right, and the verification after it.', json: { name: 'StepUpCodeAnswer', schema: StepUpCodeAnswerSchema } } },
    problems: ['step_up_not_found', 'not_a_code_verification', 'customer_changed', 'not_enrolled', 'crm_refused', 'offline'],
    handle: (service: StepUpService, { params }, body) => service.submitCode(params.id ?? '', body.code),
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/points/redeem', operationId: 'redeemPoints', tag: 'step-up',
    request: { name: 'RedeemPointsRequest', what: 'redemption', schema: RedeemPointsRequestSchema },
    summary: 'Redeem the current customer’s points, confirmed by the CRM (needs `verified`; never spent twice)',
    answers: { 200: { description: 'Redeemed: the new balance, as the CRM answered it.', json: { name: 'RedeemPointsAnswer', schema: RedeemPointsAnswerSchema } } },
    problems: ['step_up_required', 'no_customer', 'not_enrolled', 'redemption_in_progress', 'insufficient_points', 'unknown_profile', 'crm_refused', 'offline'],
    handle: (service: StepUpService, _ctx, body) => service.redeemPoints(body),
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/offers/redeem', operationId: 'redeemOffer', tag: 'step-up',
    request: { name: 'RedeemOfferRequest', what: 'offer redemption', schema: RedeemOfferRequestSchema },
    summary: 'Redeem one of the current customer’s offers, confirmed by the CRM (online only; needs a step-up verification the CRM checks; never redeemed twice)',
    answers: { 200: { description: 'Redeemed: give the customer the offer.', json: { name: 'RedeemOfferAnswer', schema: RedeemOfferAnswerSchema } } },
    problems: ['step_up_required', 'no_customer', 'not_enrolled', 'offer_not_available', 'redemption_in_progress', 'unknown_profile', 'crm_unavailable', 'crm_refused', 'offline'],
    handle: (service: StepUpService, _ctx, body) => service.redeemOffer(body),
  }),
];

export function stepUpRoutes(service: StepUpService): Route[] {
  return bindRoutes(STEP_UP_ROUTES, service);
}
