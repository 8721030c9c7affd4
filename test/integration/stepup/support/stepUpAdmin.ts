import type { z } from 'zod';
import {
  AdminBankIdOrderSchema, AdminEmailAnswerSchema, AdminSmsAnswerSchema, AdminVerificationAnswerSchema,
} from '../../../../hub/routes/adminStepUpSchemas';

export interface AdminAnswer {
  status: number;
  json: unknown;
}

/** The hub's step-up admin API (as the emulated CRM had it): the customer's phone, inbox and BankID app. */
export function stepUpAdmin(crm: { url: string; adminToken: string }) {
  async function raw(method: string, path: string, body?: unknown): Promise<AdminAnswer> {
    const response = await fetch(`${crm.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${crm.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }
  async function ok<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const answer = await raw(method, path, body);
    if (answer.status >= 300) throw new Error(`admin ${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return schema.parse(answer.json);
  }
  return {
    raw,
    lastSms: (phone: string) => ok('GET', `/admin/step-up/sms?${new URLSearchParams({ phone })}`, AdminSmsAnswerSchema),
    lastEmail: (email: string) => ok('GET', `/admin/step-up/email?${new URLSearchParams({ email })}`, AdminEmailAnswerSchema),
    openLink: (token: string) => ok('POST', `/admin/step-up/email/${encodeURIComponent(token)}/open`, AdminVerificationAnswerSchema),
    bankIdOrder: (profileId: string) => ok('GET', `/admin/step-up/bankid?${new URLSearchParams({ profileId })}`, AdminBankIdOrderSchema),
    bankId: (orderRef: string, action: 'start-app' | 'approve' | 'fail' | 'cancel', body?: unknown) =>
      ok('POST', `/admin/step-up/bankid/${encodeURIComponent(orderRef)}/${action}`, AdminVerificationAnswerSchema, body ?? {}),
  };
}
