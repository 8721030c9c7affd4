import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StepUpViewSchema } from '../../../main/api/contract/stepUp';
import { createTillStepUpClient } from '../../../sync/client/stepUpClient';
import { silentLogger, StepUpTill } from './support/stepUpTill';

let till: StepUpTill | null = null;

afterEach(async () => {
  await till?.close();
  till = null;
});

describe('when the CRM cannot be reached', () => {
  it('the client says offline, for starts and polls alike', async () => {
    till = await StepUpTill.start();
    const member = till.identify(0);
    await till.stopCrm();
    expect(await till.client.start({ profileId: member.profileId, method: 'sms' })).toMatchObject({ outcome: 'offline', reason: 'unreachable' });
    expect(await till.client.status('AAAAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ outcome: 'offline' });
  });

  it('a start the till thought it could make answers 503 offline with what still works', async () => {
    till = await StepUpTill.start();
    till.identify(1);
    await till.stopCrm();
    const answer = await till.call('POST', '/api/v1/step-up', { method: 'bankid' });
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ type: 'https://tillid.dev/problems/offline', stillAllowed: ['attach_receipt', 'earn_points'], present: ['member_qr'] });
  });

  it('a BankID order in progress tells the customer, then is given up as offline', async () => {
    till = await StepUpTill.start();
    till.identify(2);
    const started = StepUpViewSchema.parse((await till.call('POST', '/api/v1/step-up', { method: 'bankid' })).json);
    await till.stopCrm();
    const lost = await till.waitFor('stepup.updated', (e) => e.verification.verificationId === started.verificationId && e.verification.bankId?.message?.key === 'RFA5', 15_000);
    expect(lost.verification.bankId?.qrData).toBeNull();
    const failed = await till.waitFor('stepup.failed', (e) => e.verification.verificationId === started.verificationId, 20_000);
    expect(failed.reason).toBe('offline');
    expect(till.session.get()?.assurance).toBe('claimed');
  });
});

describe('the step-up client’s other outcomes', () => {
  it('names a verification the CRM does not know', async () => {
    till = await StepUpTill.start();
    expect(await till.client.status('AAAAAAAAAAAAAAAAAAAAAAAA')).toEqual({ outcome: 'unknown_verification' });
    expect(await till.client.submitCode('AAAAAAAAAAAAAAAAAAAAAAAA', '123456')).toEqual({ outcome: 'unknown_verification' });
  });

  it('says so when the till was never enrolled', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-stepup-none-'));
    const client = createTillStepUpClient({ dataDir: dir, logger: silentLogger });
    try {
      expect(await client.start({ profileId: 'P00000001', method: 'sms' })).toEqual({ outcome: 'not_enrolled' });
    } finally {
      client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
