import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STEP_UP_PATHS, STEP_UP_RULES, StepUpCodeResponseSchema, StepUpStartResponseSchema, StepUpVerificationSchema, stepUpPath,
} from '../../../sync/protocol';
import type { StepUpCodeResponse, StepUpMethod, StepUpStartResponse, StepUpVerification } from '../../../sync/protocol';
import { CrmHarness } from '../emulator/support/crmHarness';
import { MovableClock } from './support/movableClock';
import { stepUpAdmin } from './support/stepUpAdmin';

const clock = new MovableClock();
let harness: CrmHarness;
let token: string;
let admin: ReturnType<typeof stepUpAdmin>;
let nextPhone = 0;

/** A fresh member with a phone of their own, so rate limits of one test never touch another. */
async function member(fields: { phone?: boolean; email?: boolean } = { phone: true }): Promise<{ id: string; phone: string; email: string }> {
  const n = nextPhone++;
  const phone = `+46731${String(n).padStart(6, '0')}`;
  const email = `stepup${n}@example.com`;
  const answer = await harness.admin('POST', '/admin/profiles', {
    firstName: 'Stina', ...(fields.phone ? { phone } : {}), ...(fields.email ? { email } : {}),
  });
  if (answer.status !== 201) throw new Error(`create profile → ${answer.status} ${answer.text}`);
  return { id: (answer.json as { id: string }).id, phone, email };
}

async function start(profileId: string, method: StepUpMethod, as = token): Promise<{ status: number; answer: StepUpStartResponse }> {
  const reply = await harness.request('POST', STEP_UP_PATHS.start, { token: as, body: { profileId, method } });
  return { status: reply.status, answer: StepUpStartResponseSchema.parse(reply.json) };
}

async function started(profileId: string, method: StepUpMethod): Promise<StepUpVerification> {
  const { answer } = await start(profileId, method);
  if (answer.outcome !== 'started') throw new Error(`expected a started verification, got ${answer.outcome}`);
  return answer.verification;
}

async function submit(id: string, code: string): Promise<StepUpCodeResponse> {
  const reply = await harness.request('POST', stepUpPath(STEP_UP_PATHS.code, id), { token, body: { code } });
  expect(reply.status).toBe(200);
  return StepUpCodeResponseSchema.parse(reply.json);
}

async function read(id: string): Promise<StepUpVerification> {
  const reply = await harness.request('GET', stepUpPath(STEP_UP_PATHS.verification, id), { token });
  expect(reply.status).toBe(200);
  return StepUpVerificationSchema.parse(reply.json);
}

function wrongCodeFor(code: string): string {
  return code === '000000' ? '000001' : '000000';
}

beforeAll(async () => {
  harness = await CrmHarness.start({ members: 20, now: clock.now });
  token = await harness.enrolTill();
  admin = stepUpAdmin(harness.crm);
});

afterAll(async () => {
  await harness.stop();
});

describe('step-up by SMS code', () => {
  it('verifies with the right code', async () => {
    const { id, phone } = await member();
    const before = clock.now();
    const { status, answer } = await start(id, 'sms');
    expect(status).toBe(201);
    expect(answer).toMatchObject({ outcome: 'started', verification: { profileId: id, method: 'sms', status: 'pending', codeLength: 6, triesLeft: 5 } });
    const verification = (answer as Extract<StepUpStartResponse, { outcome: 'started' }>).verification;
    expect(verification.expiresAt - before).toBeGreaterThanOrEqual(STEP_UP_RULES.smsCodeTtlMs);
    expect(verification.expiresAt - clock.now()).toBeLessThanOrEqual(STEP_UP_RULES.smsCodeTtlMs);
    const sms = await admin.lastSms(phone);
    expect(sms.code).toMatch(/^\d{6}$/);
    expect(sms.verificationId).toBe(verification.verificationId);
    const result = await submit(verification.verificationId, sms.code);
    expect(result).toMatchObject({ result: 'verified', verification: { status: 'verified' } });
    expect((await submit(verification.verificationId, sms.code)).result).toBe('not_pending');
  });

  it('counts wrong codes down and locks after the fifth', async () => {
    const { id, phone } = await member();
    const verification = await started(id, 'sms');
    const { code } = await admin.lastSms(phone);
    const wrong = wrongCodeFor(code);
    const answers: Array<[string, number | undefined]> = [];
    for (let i = 0; i < STEP_UP_RULES.smsMaxWrongTries; i++) {
      const result = await submit(verification.verificationId, wrong);
      answers.push([result.result, result.verification.triesLeft]);
    }
    expect(answers).toEqual([['wrong_code', 4], ['wrong_code', 3], ['wrong_code', 2], ['wrong_code', 1], ['too_many_tries', 0]]);
    expect((await submit(verification.verificationId, code)).result).toBe('too_many_tries');
    expect((await read(verification.verificationId)).status).toBe('too_many_tries');
  });

  it('refuses even the right code once it has expired', async () => {
    const { id, phone } = await member();
    const verification = await started(id, 'sms');
    const { code } = await admin.lastSms(phone);
    clock.advance(STEP_UP_RULES.smsCodeTtlMs + 1);
    expect(await submit(verification.verificationId, code)).toMatchObject({ result: 'expired', verification: { status: 'expired' } });
  });

  it('sends at most three codes per number in ten minutes', async () => {
    const { id } = await member();
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) outcomes.push((await start(id, 'sms')).answer.outcome);
    expect(outcomes).toEqual(['started', 'started', 'started', 'rate_limited']);
    const limited = (await start(id, 'sms')).answer;
    expect(limited.outcome === 'rate_limited' && limited.retryAfterSeconds).toBeGreaterThan(500);
    clock.advance(STEP_UP_RULES.sendWindowMs + 1);
    expect((await start(id, 'sms')).answer.outcome).toBe('started');
  });
});

describe('answers that do not tell who is a member', () => {
  /** The answer with its values blanked: what a caller could compare. */
  function shape(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(shape);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort().map(([k, v]) => [k, ['verificationId', 'profileId', 'expiresAt'].includes(k) ? typeof v : shape(v)]));
    return value;
  }

  it('starts the same way for a member, a member without a phone and no member at all', async () => {
    const known = await member();
    const noPhone = await member({ email: true });
    const answers = [await start(known.id, 'sms'), await start(noPhone.id, 'sms'), await start('P09999999', 'sms'), await start('till-provisional-1', 'sms')];
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const shapes = answers.map((a) => shape(a.answer));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
  });

  it('answers codes the same way too, and rate-limits an unknown profile like a known one', async () => {
    const known = await member();
    const unknownId = 'P08888888';
    const a = await started(known.id, 'sms');
    const b = await started(unknownId, 'sms');
    const wrong = wrongCodeFor((await admin.lastSms(known.phone)).code);
    expect(shape(await submit(a.verificationId, wrong))).toEqual(shape(await submit(b.verificationId, '123456')));
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) outcomes.push((await start(unknownId, 'sms')).answer.outcome);
    expect(outcomes).toEqual(['started', 'started', 'rate_limited']);
  });

  it('never puts a phone number, address or code in an answer', async () => {
    const { id, phone } = await member({ phone: true, email: true });
    const reply = await harness.request('POST', STEP_UP_PATHS.start, { token, body: { profileId: id, method: 'sms' } });
    const { code } = await admin.lastSms(phone);
    expect(reply.text).not.toContain(phone.slice(3));
    expect(reply.text).not.toContain(code);
    expect(reply.text).not.toContain('@');
  });
});

describe('step-up by e-mail link', () => {
  it('is verified once the customer opens the link', async () => {
    const { id, email } = await member({ email: true });
    const verification = await started(id, 'email_link');
    expect(verification).toMatchObject({ method: 'email_link', status: 'pending' });
    expect(verification.expiresAt).toBeGreaterThan(clock.now() + STEP_UP_RULES.emailLinkTtlMs - 5_000);
    expect((await read(verification.verificationId)).status).toBe('pending');
    const mail = await admin.lastEmail(email);
    expect(mail.link).toContain(mail.token);
    expect((await admin.openLink(mail.token)).verification.status).toBe('verified');
    expect((await read(verification.verificationId)).status).toBe('verified');
  });

  it('expires when the link is opened too late', async () => {
    const { id, email } = await member({ email: true });
    const verification = await started(id, 'email_link');
    clock.advance(STEP_UP_RULES.emailLinkTtlMs + 1);
    expect((await admin.openLink((await admin.lastEmail(email)).token)).verification.status).toBe('expired');
    expect((await read(verification.verificationId)).status).toBe('expired');
  });
});

describe('step-up by BankID', () => {
  it('shows a QR code that changes every second until the app reads it, then completes', async () => {
    const { id } = await member();
    const verification = await started(id, 'bankid');
    expect(verification.bankId).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction' });
    const first = verification.bankId?.qrData ?? '';
    expect(first).toMatch(/^bankid\.[0-9a-f-]{36}\.0\.[0-9a-f]{64}$/);
    clock.advance(1_000);
    const second = (await read(verification.verificationId)).bankId?.qrData ?? '';
    expect(second).toMatch(/^bankid\.[0-9a-f-]{36}\.1\.[0-9a-f]{64}$/);
    expect(second.split('.')[1]).toBe(first.split('.')[1]);
    expect(second.split('.')[3]).not.toBe(first.split('.')[3]);

    const { orderRef } = await admin.bankIdOrder(id);
    await admin.bankId(orderRef, 'start-app');
    expect((await read(verification.verificationId)).bankId).toEqual({ status: 'pending', hintCode: 'userSign', qrData: null });
    await admin.bankId(orderRef, 'approve');
    expect(await read(verification.verificationId)).toMatchObject({ status: 'verified', bankId: { status: 'complete', qrData: null } });
  });

  it.each([
    ['fail', { hintCode: 'certificateErr' }, 'failed', { status: 'failed', hintCode: 'certificateErr' }],
    ['fail', { hintCode: 'expiredTransaction' }, 'expired', { status: 'failed', hintCode: 'expiredTransaction' }],
    ['cancel', {}, 'cancelled', { status: 'failed', hintCode: 'userCancel' }],
  ] as const)('admin %s %j ends it as %s', async (action, body, status, bankId) => {
    const { id } = await member();
    const verification = await started(id, 'bankid');
    const { orderRef } = await admin.bankIdOrder(id);
    await admin.bankId(orderRef, action, body);
    expect(await read(verification.verificationId)).toMatchObject({ status, bankId: { ...bankId, qrData: null } });
    expect((await admin.raw('POST', `/admin/step-up/bankid/${orderRef}/approve`, {})).status).toBe(409);
  });

  it('is cancelled by the till', async () => {
    const { id } = await member();
    const verification = await started(id, 'bankid');
    const reply = await harness.request('POST', stepUpPath(STEP_UP_PATHS.cancel, verification.verificationId), { token, body: {} });
    expect(StepUpVerificationSchema.parse(reply.json)).toMatchObject({ status: 'cancelled', bankId: { status: 'cancelled', hintCode: 'cancelled' } });
  });

  it('fails with expiredTransaction when nobody scans in time', async () => {
    const { id } = await member();
    const verification = await started(id, 'bankid');
    clock.advance(STEP_UP_RULES.bankIdOrderTtlMs + 1);
    expect(await read(verification.verificationId)).toMatchObject({ status: 'expired', bankId: { status: 'failed', hintCode: 'expiredTransaction', qrData: null } });
  });

  it('cannot prove a profile the CRM does not know', async () => {
    const verification = await started('P07777777', 'bankid');
    const { orderRef } = await admin.bankIdOrder('P07777777');
    await admin.bankId(orderRef, 'approve');
    expect((await read(verification.verificationId)).status).toBe('failed');
  });
});

describe('who may see a verification', () => {
  it('answers 404 to another till and 401 without a token', async () => {
    const { id } = await member();
    const verification = await started(id, 'sms');
    const other = await harness.enrolTill('Kassa 2');
    const path = stepUpPath(STEP_UP_PATHS.verification, verification.verificationId);
    expect((await harness.request('GET', path, { token: other })).status).toBe(404);
    expect((await harness.request('GET', path)).status).toBe(401);
    expect((await harness.request('GET', stepUpPath(STEP_UP_PATHS.verification, 'not-a-real-verification-id'), { token })).status).toBe(404);
  });

  it('refuses a malformed start with the field named', async () => {
    const reply = await harness.request('POST', STEP_UP_PATHS.start, { token, body: { profileId: 'P00000001', method: 'fax' } });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ type: 'bad_request', errors: [{ path: 'method' }] });
  });
});
