import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoyadoConnector } from '../../hub/connectors/voyado/voyadoConnector';
import { startVoyadoStandIn } from '../support/voyadoStandIn';
import type { VoyadoStandIn } from '../support/voyadoStandIn';
import type { StandInContact } from '../support/voyadoStandIn/standInContacts';
import { HUB_ENGINES } from './support/hubUnderTest';
import { startRealBankId } from './support/realBankId';
import type { RealBankId } from './support/realBankId';
import { stepUpSuite } from './support/stepUpAtHub';

// Issue 10, end to end: a till asks the hub for BankID on a Voyado member; the hub runs the order at the BankID
// stand-in over mutual TLS, and on `complete` asks Voyado (its stand-in) for the contact's socialSecurityNumber and
// compares it with BankID's personal number. Nothing here hands the hub a personal number check: it is the connector's.

const BANKID_NUMBER = '199001151238';

describe.each(HUB_ENGINES)('BankID step-up at a hub on %s with the Voyado connector', (engine) => {
  let voyado: VoyadoStandIn;
  let real: RealBankId;
  let ebba: StandInContact;
  let other: StandInContact;
  beforeAll(async () => {
    voyado = await startVoyadoStandIn();
    // Voyado keeps personal numbers in its own forms: Ebba's with a dash (the same person as BankID's), the other's not hers.
    ebba = voyado.contacts.add({ firstName: 'Ebba', lastName: 'Lind', mobilePhone: '+46701239911', socialSecurityNumber: '19900115-1238' });
    other = voyado.contacts.add({ firstName: 'Olle', lastName: 'Berg', mobilePhone: '+46701239922', socialSecurityNumber: '198503079876' });
    real = await startRealBankId();
  });
  afterAll(async () => {
    await real?.close();
    await voyado?.close();
  });
  const suite = stepUpSuite(engine, () => ({
    connector: createVoyadoConnector({ baseUrl: voyado.url, apiKey: voyado.apiKey, version: 'test', importFrom: new Date(Date.now() - 60_000), timeoutMs: 500 }),
    changePoll: { intervalMs: 0 },
    stepUpProviders: { bankId: real.bankId },
  }));

  const poll = (verificationId: string) => {
    suite.advance(2_000);
    return suite.at.status(verificationId);
  };
  const contactReads = (contact: StandInContact) => voyado.requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/contacts/${contact.id}`).length;

  it('the Voyado contact is the member the till verifies: BankID complete with her personal number → verified', async () => {
    expect(await suite.at.under.hub.parts.mirror.count(suite.at.under.hub.parts.db)).toBe(2);
    real.standIn.nextScript({ hints: ['userSign'], end: { status: 'complete', personalNumber: BANKID_NUMBER } });
    const v = await suite.at.started(ebba.id, 'bankid');
    expect(v).toMatchObject({ method: 'bankid', status: 'pending', bankId: { status: 'pending', hintCode: 'outstandingTransaction' } });
    expect(real.standIn.calls.find((c) => c.method === 'auth')?.body).toMatchObject({ endUserIp: '127.0.0.1' });
    const readsBefore = contactReads(ebba);
    expect(await poll(v.verificationId)).toMatchObject({ status: 'pending', bankId: { hintCode: 'userSign' } });
    // Voyado is asked only when BankID says complete, and then once.
    expect(contactReads(ebba)).toBe(readsBefore);
    expect(await poll(v.verificationId)).toMatchObject({ status: 'verified', bankId: { status: 'complete', hintCode: null } });
    expect(contactReads(ebba)).toBe(readsBefore + 1);
  });

  it('another person\'s BankID on her profile fails the verification: personalNumberMismatch', async () => {
    real.standIn.nextScript({ hints: [], end: { status: 'complete', personalNumber: BANKID_NUMBER } });
    const v = await suite.at.started(other.id, 'bankid');
    const readsBefore = contactReads(other);
    expect(await poll(v.verificationId)).toMatchObject({ status: 'failed', bankId: { status: 'failed', hintCode: 'personalNumberMismatch' } });
    // Decided by Voyado's record of him, asked at complete.
    expect(contactReads(other)).toBe(readsBefore + 1);
  });

  it('Voyado not answering at complete fails the verification plainly (BankID has forgotten the order); a new one verifies', async () => {
    real.standIn.nextScript({ hints: [], end: { status: 'complete', personalNumber: BANKID_NUMBER } });
    const v = await suite.at.started(ebba.id, 'bankid');
    voyado.faults.add({ kind: 'server_error', count: 1, method: 'GET', path: `/api/v2/contacts/${ebba.id}` });
    expect(await poll(v.verificationId)).toMatchObject({ status: 'failed', bankId: { status: 'failed', hintCode: 'personalNumberCheckUnavailable' } });
    expect(real.standIn.openOrders()).toBe(0);
    real.standIn.nextScript({ hints: [], end: { status: 'complete', personalNumber: BANKID_NUMBER } });
    const again = await suite.at.started(ebba.id, 'bankid');
    expect(await poll(again.verificationId)).toMatchObject({ status: 'verified' });
  });

  it('no log line and no stored order holds a personal number, BankID\'s or Voyado\'s', async () => {
    const logs = suite.logLines.join('\n');
    expect(logs).toContain('BankID order finished');
    const rows = await suite.at.under.hub.parts.db.query<{ row: string }>('SELECT row_to_json(o)::text AS row FROM step_up_orders o');
    const stored = rows.map((r) => r.row).join('\n');
    for (const secret of [BANKID_NUMBER, '19900115-1238', '9001151238', '198503079876', '8503079876']) {
      expect(logs).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
