import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import type { VoyadoOptionsInput } from '../../../hub/connectors/voyado/voyadoOptions';
import { PersonalNumberCheckUnavailable } from '../../../hub/providers/personalNumbers';
import type { PersonalNumberCheck } from '../../../hub/providers/personalNumbers';
import { startVoyadoStandIn } from '../../support/voyadoStandIn';
import type { VoyadoStandIn } from '../../support/voyadoStandIn';

// The Voyado connector's PersonalNumberCheck (issue 10, BankID): BankID's number against the contact's
// `socialSecurityNumber`, over real HTTP to the stand-in on 127.0.0.1.

const BANKID_NUMBER = '199001151238';

let standIn: VoyadoStandIn;
beforeEach(async () => {
  standIn = await startVoyadoStandIn();
});
afterEach(async () => {
  await standIn.close();
});

function check(extra: Partial<VoyadoOptionsInput> = {}): PersonalNumberCheck {
  const connector = createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: '9.8.7', ...extra });
  if (!connector.personalNumbers) throw new Error('the Voyado connector has no personal number check');
  return connector.personalNumbers;
}

describe('voyado personal numbers', () => {
  it.each([
    ['12 digits', '199001151238', true],
    ['12 digits with a dash', '19900115-1238', true],
    ['10 digits with a dash (no century)', '900115-1238', true],
    ['10 digits', '9001151238', true],
    ['another person\'s number', '199001151246', false],
    ['the same last 10 digits, another century', '189001151238', false],
    ['one digit off', '199001151239', false],
    ['10 digits of another birth date (compared on the last 10)', '900116-1238', false],
    ['not a personal number', '19900115', false],
  ])('a contact\'s socialSecurityNumber held as %s: matches BankID\'s is %s', async (_form, held, matches) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', socialSecurityNumber: held });
    expect(await check().matches(contact.id, BANKID_NUMBER)).toBe(matches);
    expect(standIn.requests.filter((r) => r.path === `/api/v2/contacts/${contact.id}`)).toHaveLength(1);
  });

  it('a contact without a socialSecurityNumber (absent, null or empty), or no such contact, does not match', async () => {
    const c = check();
    expect(await c.matches(standIn.contacts.add({ firstName: 'Ebba' }).id, BANKID_NUMBER)).toBe(false);
    expect(await c.matches(standIn.contacts.add({ firstName: 'Ebba', socialSecurityNumber: null }).id, BANKID_NUMBER)).toBe(false);
    expect(await c.matches(standIn.contacts.add({ firstName: 'Ebba', socialSecurityNumber: '' }).id, BANKID_NUMBER)).toBe(false);
    expect(await c.matches('6f0a3c2e-1b4d-4e8a-9c7f-2d5b8e1a4c3f', BANKID_NUMBER)).toBe(false);
    expect(await c.matches('not-a-contact-id', BANKID_NUMBER)).toBe(false);
  });

  it.each([
    ['a 5xx', { kind: 'server_error' as const, count: 1 }, 'server_error_'],
    ['a timeout', { kind: 'timeout' as const, count: 1 }, 'timeout'],
    ['a cut body', { kind: 'malformed' as const, count: 1 }, 'malformed_response'],
  ])('Voyado answering %s is not a verdict: it throws PersonalNumberCheckUnavailable, quoting no number', async (_what, fault, reason) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', socialSecurityNumber: BANKID_NUMBER });
    const c = check({ timeoutMs: 300 });
    standIn.faults.add({ ...fault, path: '/api/v2/contacts' });
    const error = await c.matches(contact.id, BANKID_NUMBER).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PersonalNumberCheckUnavailable);
    expect((error as PersonalNumberCheckUnavailable).reason).toContain(reason);
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toMatch(/0115|1238/);
    // Once Voyado answers again, the same check proves the owner.
    expect(await c.matches(contact.id, BANKID_NUMBER)).toBe(true);
  });

  it('BankID\'s number never leaves the hub: no request to Voyado carries it', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', socialSecurityNumber: '900115-1238' });
    const c = check();
    await c.matches(contact.id, BANKID_NUMBER);
    await c.matches(contact.id, '199001151246');
    expect(standIn.requests.length).toBeGreaterThan(0);
    for (const r of standIn.requests) expect(JSON.stringify(r)).not.toMatch(/0115|1238|1246/);
  });
});
