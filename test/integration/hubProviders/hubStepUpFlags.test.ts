import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepUpProvidersFromFlags } from '../../../main/cli/commands/hubStepUpFlags';
import { closeStepUpProviders, stepUpProviders } from '../../../hub/providers/stepUpProviders';
import type { HubDatabase } from '../../../hub/db/sql';
import { makeBankIdTestCertificates } from '../../support/stepUpProviders/testCertificates';
import type { BankIdTestCertificates } from '../../support/stepUpProviders/testCertificates';

const silent = pino({ enabled: false });
const noDatabase = {} as HubDatabase;

describe('tillid hub step-up provider flags', () => {
  let certs: BankIdTestCertificates;
  beforeAll(() => {
    certs = makeBankIdTestCertificates();
  });
  afterAll(() => certs?.remove());

  it('keeps the demo\'s providers when no group is given', () => {
    expect(stepUpProvidersFromFlags({}, {}, silent)).toEqual({});
  });

  it.each([
    [{ smsUrl: 'https://api.46elks.com/a1/sms', smsUser: 'u1', smsPassword: 'sms-pass-never-echoed' }, {}, /--sms-url.*needs all four.*check from/],
    [{ smsUrl: 'https://api.46elks.com/a1/sms', smsUser: 'u1', smsFrom: 'Butiken' }, {}, /needs all four.*check password/],
    [{ mailFrom: 'kassan@butik.se', publicUrl: 'https://hub.butik.se' }, {}, /--smtp-url.*need all three.*check url/],
    [{ mailFrom: 'kassan@butik.se' }, { TILLID_HUB_SMTP_URL: 'smtp://user:smtp-pass-never-echoed@mail:587' }, /check publicUrl/],
    [{ bankidUrl: 'https://appapi2.bankid.com/rp/v6.0', bankidPassphrase: 'bankid-pass-never-echoed' }, {}, /BankID needs all four/],
  ])('refuses an incomplete group in plain words, never quoting a secret (%#)', (flags, env, message) => {
    let thrown: unknown;
    try {
      stepUpProvidersFromFlags(flags, env, silent);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toMatch(/never-echoed/);
  });

  it('refuses a BankID certificate its passphrase does not open, and a missing file, without quoting the passphrase', () => {
    const flags = { bankidUrl: 'https://appapi2.test.bankid.com/rp/v6.0', bankidCert: certs.files.clientP12, bankidCa: certs.files.bankIdCa };
    expect(() => stepUpProvidersFromFlags({ ...flags, bankidPassphrase: 'wrong-pass-never-echoed' }, {}, silent)).toThrow(/^--bankid-cert cannot be opened with the passphrase given/);
    expect(() => stepUpProvidersFromFlags({ ...flags, bankidCert: '/nonexistent/rp.p12' }, { TILLID_HUB_BANKID_PASSPHRASE: certs.passphrase }, silent)).toThrow(/^cannot read \/nonexistent\/rp\.p12 \(ENOENT\)$/);
    expect(() => stepUpProvidersFromFlags({ ...flags, bankidUrl: 'http://appapi2.test.bankid.com/rp/v6.0' }, { TILLID_HUB_BANKID_PASSPHRASE: certs.passphrase }, silent)).toThrow(/must be an https:\/\/ URL/);
  });

  it('builds the three real providers from complete groups, secrets from the environment', async () => {
    const providers = stepUpProvidersFromFlags({
      bankidUrl: 'https://appapi2.test.bankid.com/rp/v6.0', bankidCert: certs.files.clientP12, bankidCa: certs.files.bankIdCa,
      smsUrl: 'https://api.46elks.com/a1/sms', smsUser: 'u1', smsFrom: 'Butiken',
      mailFrom: 'kassan@butik.se', publicUrl: 'https://hub.butik.se/',
    }, { TILLID_HUB_BANKID_PASSPHRASE: certs.passphrase, TILLID_HUB_SMS_PASSWORD: 'p', TILLID_HUB_SMTP_URL: 'smtp://mail.butik.se:587' }, silent);
    expect(providers.sms?.kind).toBe('gateway');
    expect(providers.email).toMatchObject({ kind: 'smtp', linkBase: 'https://hub.butik.se/step-up/email/' });
    expect(providers.bankId).toBeDefined();
    await closeStepUpProviders(stepUpProviders(noDatabase, providers));
  });
});
