import { describe, expect, it } from 'vitest';
import type { StepUpAction } from '../../../main/api/contract/stepUp';
import type { Assurance } from '../../../main/identify/types';
import { createStepUpPolicy, parseStepUpConfig } from '../../../main/stepup/policy';
import { methodsForProfile } from '../../../main/stepup/profileMethods';

const policy = createStepUpPolicy();
const online = { methods: ['sms', 'email_link', 'bankid'] as const, online: true };

describe('the default step-up policy', () => {
  it.each<[StepUpAction, Assurance]>([
    ['attach_receipt', 'claimed'],
    ['earn_points', 'claimed'],
    ['show_recent_purchases', 'possession'],
    ['redeem_points', 'verified'],
    ['use_personal_offer', 'verified'],
    ['change_contact_details', 'verified'],
  ])('%s needs %s', (action, required) => {
    expect(policy.requiredAssurance(action)).toBe(required);
  });

  it.each<[StepUpAction, Assurance, boolean]>([
    ['attach_receipt', 'claimed', true],
    ['earn_points', 'claimed', true],
    ['show_recent_purchases', 'claimed', false],
    ['show_recent_purchases', 'possession', true],
    ['show_recent_purchases', 'verified', true],
    ['redeem_points', 'claimed', false],
    ['redeem_points', 'possession', false],
    ['redeem_points', 'verified', true],
    ['use_personal_offer', 'possession', false],
    ['change_contact_details', 'verified', true],
  ])('%s at %s: allowed %s', (action, current, allowed) => {
    expect(policy.check(action, current, online).allowed).toBe(allowed);
  });

  it('answers a refusal with what would raise the assurance, never a bare no', () => {
    expect(policy.check('redeem_points', 'claimed', online)).toEqual({
      allowed: false,
      action: 'redeem_points',
      required: 'verified',
      current: 'claimed',
      methods: ['sms', 'email_link', 'bankid'],
      present: ['member_qr'],
      offline: false,
      stillAllowed: ['attach_receipt', 'earn_points'],
    });
  });

  it('offers a card as well when possession is enough', () => {
    const decision = policy.check('show_recent_purchases', 'claimed', online);
    expect(decision.allowed === false && decision.present).toEqual(['member_qr', 'card']);
  });

  it('offers only the methods this profile can be reached by, in the store’s order', () => {
    const decision = policy.check('redeem_points', 'possession', { methods: ['bankid', 'sms'], online: true });
    expect(decision.allowed === false && decision.methods).toEqual(['sms', 'bankid']);
  });

  it('offline, offers no method and says what still works', () => {
    const decision = policy.check('redeem_points', 'possession', { ...online, online: false });
    expect(decision).toMatchObject({ allowed: false, offline: true, methods: [], stillAllowed: ['attach_receipt', 'earn_points', 'show_recent_purchases'] });
  });
});

describe('a configured step-up policy', () => {
  it('takes the store’s levels and methods, keeping defaults for the rest', () => {
    const strict = createStepUpPolicy(parseStepUpConfig({ actions: { earn_points: 'possession' }, methods: ['bankid'] }));
    expect(strict.requiredAssurance('earn_points')).toBe('possession');
    expect(strict.requiredAssurance('redeem_points')).toBe('verified');
    const decision = strict.check('earn_points', 'claimed', online);
    expect(decision.allowed === false && decision.methods).toEqual(['bankid']);
  });

  it.each([
    ['an unknown level', { actions: { redeem_points: 'very_sure' } }],
    ['an unknown action', { actions: { fly: 'claimed' } }],
    ['an unknown method', { methods: ['carrier_pigeon'] }],
    ['a method twice', { methods: ['sms', 'sms'] }],
  ])('rejects %s', (_name, raw) => {
    expect(() => parseStepUpConfig(raw)).toThrow();
  });

  it('fills every default from nothing', () => {
    expect(parseStepUpConfig(undefined)).toEqual({
      actions: {
        attach_receipt: 'claimed', earn_points: 'claimed', show_recent_purchases: 'possession',
        redeem_points: 'verified', use_personal_offer: 'verified', change_contact_details: 'verified',
      },
      methods: ['sms', 'email_link', 'bankid'],
    });
  });
});

describe('methods a profile can be verified by', () => {
  it.each([
    ['phone and email', 'active', ['phone', 'email'], ['sms', 'email_link', 'bankid']],
    ['phone only', 'active', ['phone', 'card'], ['sms', 'bankid']],
    ['email only', 'active', ['email'], ['email_link', 'bankid']],
    ['card only', 'active', ['card'], ['bankid']],
    ['not yet at the CRM', 'pending_sync', ['phone', 'email'], []],
  ] as const)('%s', (_name, status, kinds, methods) => {
    expect(methodsForProfile({ status, identifierKinds: kinds })).toEqual(methods);
  });
});
