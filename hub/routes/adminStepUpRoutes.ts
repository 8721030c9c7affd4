import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, validationProblem } from '../http/replies';
import type { Reply, Route } from '../http/routeTable';
import {
  AdminBankIdFailSchema, AdminBankIdQuerySchema, AdminBankIdStartAppSchema, AdminEmailQuerySchema, AdminSmsQuerySchema,
} from './adminStepUpSchemas';
import type { AdminBankIdOrder, AdminEmailAnswer, AdminSmsAnswer, AdminVerificationAnswer } from './adminStepUpSchemas';
import type { BankIdAction, BankIdActionOutcome } from '../stepUp/stepUpDesk';

function actionReply(outcome: BankIdActionOutcome): Reply {
  if (outcome.ok) return jsonReply(200, { verification: outcome.verification } satisfies AdminVerificationAnswer);
  if (outcome.reason === 'not_found') return problemReply(404, 'not_found', 'no BankID order with this orderRef');
  if (outcome.reason === 'not_simulated') return problemReply(409, 'invalid_operation', 'this hub uses BankID itself: only BankID decides an order');
  return problemReply(409, 'invalid_operation', 'this BankID order is no longer pending');
}

/**
 * Admin: the phone, the inbox and the BankID app of a customer, so tests and demos run without any of them.
 * The last code sent to a number, the last link sent to an address, opening a link, and what the customer does
 * with a BankID order.
 */
export function adminStepUpRoutes(parts: HubParts): Route[] {
  const desk = parts.stepUp;

  const bankIdRoute = (action: string, toAction: (body: unknown) => BankIdAction | { invalid: Reply }): Route => ({
    method: 'POST', path: `/admin/step-up/bankid/:orderRef/${action}`, auth: 'admin',
    handle: async ({ params, body, now }) => {
      const chosen = toAction(body ?? {});
      if ('invalid' in chosen) return chosen.invalid;
      return actionReply(await desk.bankIdAction(params.orderRef ?? '', chosen, now));
    },
  });

  return [
    {
      method: 'GET', path: '/admin/step-up/sms', auth: 'admin',
      handle: async ({ query }) => {
        const parsed = AdminSmsQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the query');
        const phone = parsePhoneNumberFromString(parsed.data.phone, 'SE');
        if (!phone || !phone.isValid()) return problemReply(400, 'bad_request', 'phone: not a valid phone number (default region SE)');
        const sent = await desk.lastMessage('sms', phone.number);
        if (!sent) return problemReply(404, 'not_found', 'no code was sent to this number');
        return jsonReply(200, { phone: phone.number, code: sent.body, verificationId: sent.verificationId, sentAt: sent.sentAt } satisfies AdminSmsAnswer);
      },
    },
    {
      method: 'GET', path: '/admin/step-up/email', auth: 'admin',
      handle: async ({ query }) => {
        const parsed = AdminEmailQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the query');
        const email = parsed.data.email.toLowerCase();
        const sent = await desk.lastMessage('email', email);
        if (!sent) return problemReply(404, 'not_found', 'no link was sent to this address');
        const answer: AdminEmailAnswer = { email, link: sent.body, token: sent.body.slice(sent.body.lastIndexOf('/') + 1), verificationId: sent.verificationId, sentAt: sent.sentAt };
        return jsonReply(200, answer);
      },
    },
    {
      method: 'POST', path: '/admin/step-up/email/:token/open', auth: 'admin',
      handle: async ({ params, now }) => {
        const verification = await desk.openEmailLink(params.token ?? '', now);
        if (!verification) return problemReply(404, 'not_found', 'no link with this token was sent');
        return jsonReply(200, { verification } satisfies AdminVerificationAnswer);
      },
    },
    {
      method: 'GET', path: '/admin/step-up/bankid', auth: 'admin',
      handle: async ({ query, now }) => {
        const parsed = AdminBankIdQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the query');
        const order = await desk.lastBankIdOrder(parsed.data.profileId, now);
        if (!order) return problemReply(404, 'not_found', 'no BankID order was started for this profile');
        return jsonReply(200, order satisfies AdminBankIdOrder);
      },
    },
    bankIdRoute('start-app', (body) => {
      const parsed = AdminBankIdStartAppSchema.safeParse(body);
      return parsed.success ? { kind: 'start_app', hintCode: parsed.data.hintCode } : { invalid: validationProblem(parsed.error, 'the body') };
    }),
    bankIdRoute('approve', () => ({ kind: 'approve' })),
    bankIdRoute('fail', (body) => {
      const parsed = AdminBankIdFailSchema.safeParse(body);
      return parsed.success ? { kind: 'fail', hintCode: parsed.data.hintCode } : { invalid: validationProblem(parsed.error, 'the body') };
    }),
    bankIdRoute('cancel', () => ({ kind: 'cancel' })),
  ];
}
