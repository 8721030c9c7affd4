import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import pino from 'pino';
import { createBankIdRpClient } from '../../../hub/providers/bankIdRpClient';
import type { BankIdRelyingParty } from '../../../hub/providers/bankIdRelyingParty';
import { TILL_AUTH_REQUIREMENT } from '../../../hub/providers/bankIdRelyingParty';
import { makeBankIdTestCertificates } from '../../support/stepUpProviders/testCertificates';
import type { BankIdTestCertificates } from '../../support/stepUpProviders/testCertificates';
import { startBankIdStandIn } from '../../support/stepUpProviders/bankIdStandIn';
import type { BankIdStandIn } from '../../support/stepUpProviders/bankIdStandIn';

const silent = pino({ enabled: false });

describe('the BankID RP v6 client against the stand-in, over mutual TLS', () => {
  let certs: BankIdTestCertificates;
  let standIn: BankIdStandIn;
  let rogueStandIn: BankIdStandIn;
  const clients: BankIdRelyingParty[] = [];
  const client = (options: { pfx?: Buffer; ca?: Buffer; url?: string; timeoutMs?: number } = {}): BankIdRelyingParty => {
    const made = createBankIdRpClient({
      url: options.url ?? standIn.url, pfx: options.pfx ?? certs.clientP12, passphrase: certs.passphrase, ca: options.ca ?? certs.bankIdCa,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }, silent);
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    certs = makeBankIdTestCertificates();
    standIn = await startBankIdStandIn({ ...certs.server, clientCa: certs.rpCa });
    rogueStandIn = await startBankIdStandIn({ ...certs.rogueServer, clientCa: certs.rpCa });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await standIn?.close();
    await rogueStandIn?.close();
    certs?.remove();
  });

  it('runs auth, then collect through the scripted hints to complete, as the reference documents the answers', async () => {
    const rp = client();
    standIn.nextScript({ hints: ['outstandingTransaction', 'userSign'], end: { status: 'complete', personalNumber: '198507091234' } });
    const auth = await rp.auth({ endUserIp: '192.0.2.7', requirement: TILL_AUTH_REQUIREMENT });
    if (!auth.ok) throw new Error(JSON.stringify(auth.failure));
    expect(auth.value).toMatchObject({ orderRef: expect.any(String), autoStartToken: expect.any(String), qrStartToken: expect.any(String), qrStartSecret: expect.any(String) });
    expect(standIn.calls.at(-1)?.body).toEqual({ endUserIp: '192.0.2.7', requirement: { certificatePolicies: ['1.2.752.78.1.5'] } });
    const orderRef = auth.value.orderRef;
    expect(await rp.collect(orderRef)).toMatchObject({ ok: true, value: { status: 'pending', hintCode: 'outstandingTransaction' } });
    expect(await rp.collect(orderRef)).toMatchObject({ ok: true, value: { status: 'pending', hintCode: 'userSign' } });
    expect(await rp.collect(orderRef)).toMatchObject({ ok: true, value: { status: 'complete', completionData: { user: { personalNumber: '198507091234' } } } });
    // BankID forgets a finished order.
    expect(await rp.collect(orderRef)).toEqual({ ok: false, failure: { kind: 'rejected', status: 400, errorCode: 'invalidParameters' } });
  });

  it('cancels a pending order, and a cancel of an unknown order is invalidParameters', async () => {
    const rp = client();
    const auth = await rp.auth({ endUserIp: '127.0.0.1', requirement: TILL_AUTH_REQUIREMENT });
    if (!auth.ok) throw new Error('auth failed');
    expect(await rp.cancel(auth.value.orderRef)).toEqual({ ok: true, value: {} });
    expect(await rp.cancel(auth.value.orderRef)).toMatchObject({ ok: false, failure: { kind: 'rejected', errorCode: 'invalidParameters' } });
  });

  it('is refused by BankID without the right client certificate (none, or one from another CA)', async () => {
    const before = standIn.calls.length;
    const rogue = await client({ pfx: certs.rogueClientP12 }).auth({ endUserIp: '127.0.0.1', requirement: TILL_AUTH_REQUIREMENT });
    expect(rogue).toMatchObject({ ok: false, failure: { kind: expect.stringMatching(/^(tls|unreachable)$/) } });
    // No certificate at all: a plain TLS client that trusts the CA but presents nothing.
    const bare = await new Promise<string>((resolve) => {
      const request = https.request(`${standIn.url}/auth`, { method: 'POST', ca: certs.bankIdCa, headers: { 'content-type': 'application/json' } }, (response) => resolve(`HTTP ${response.statusCode}`));
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      request.end(JSON.stringify({ endUserIp: '127.0.0.1' }));
    });
    expect(bare).not.toMatch(/^HTTP/);
    expect(standIn.calls.length).toBe(before);
  });

  it('refuses a server whose certificate is not from the pinned BankID CA', async () => {
    const outcome = await client({ url: rogueStandIn.url }).auth({ endUserIp: '127.0.0.1', requirement: TILL_AUTH_REQUIREMENT });
    expect(outcome).toEqual({ ok: false, failure: { kind: 'tls' } });
    expect(rogueStandIn.calls).toHaveLength(0);
  });

  it('turns 5xx, maintenance, malformed JSON, a wrong shape and a hang into plain failures', async () => {
    const rp = client({ timeoutMs: 300 });
    const auth = await rp.auth({ endUserIp: '127.0.0.1', requirement: TILL_AUTH_REQUIREMENT });
    if (!auth.ok) throw new Error('auth failed');
    const orderRef = auth.value.orderRef;
    const cases = [
      ['internalError', { kind: 'server_error', status: 500, errorCode: 'internalError' }],
      ['maintenance', { kind: 'server_error', status: 503, errorCode: 'maintenance' }],
      ['malformedJson', { kind: 'malformed_response', status: 200 }],
      ['wrongShape', { kind: 'malformed_response', status: 200 }],
      ['hang', { kind: 'timeout' }],
    ] as const;
    for (const [fault, failure] of cases) {
      standIn.fault('collect', fault);
      expect(await rp.collect(orderRef), fault).toEqual({ ok: false, failure });
    }
    // The order itself is untouched: the next collect answers.
    expect(await rp.collect(orderRef)).toMatchObject({ ok: true, value: { status: 'pending' } });
  });

  it('sends what the reference requires: a bad endUserIp is invalidParameters', async () => {
    expect(await client().auth({ endUserIp: 'till-7', requirement: {} })).toMatchObject({ ok: false, failure: { kind: 'rejected', status: 400, errorCode: 'invalidParameters' } });
  });
});
