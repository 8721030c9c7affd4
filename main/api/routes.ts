import { TillFailure } from '../tillFailure';
import { TillEventSchema } from './contract/events';
import { HealthSchema } from './contract/health';
import { IdentifyRequestSchema, IdentifyResponseSchema, SessionSchema } from './contract/identify';
import { DevicesResponseSchema, SyncStatusViewSchema } from './contract/manager';
import { ProfileViewSchema } from './contract/profile';
import { ReceiptRequestSchema, ReceiptResponseSchema } from './contract/receipt';
import { SignupRequestSchema, SignupResponseSchema } from './contract/signup';
import { bindRoutes, defineRoute, type RouteSpec } from './apiRoute';
import { streamEvents } from './eventStream';
import type { Route } from './router';
import type { TillCore } from '../till/ports/tillCore';

/** The POS API, v1: each route's contract and handler. Every route but health needs the bearer token. */
export const TILL_ROUTES: readonly RouteSpec<TillCore>[] = [
  defineRoute<TillCore>({
    method: 'GET', path: '/api/v1/health', operationId: 'getHealth', tag: 'till', public: true,
    summary: 'Whether the till is up, its version, whether it reaches the CRM and how many profiles it holds',
    answers: { 200: { description: 'The till’s health.', json: { name: 'Health', schema: HealthSchema } } },
    handle: (core) => core.health(),
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/identify', operationId: 'identify', tag: 'till',
    request: { name: 'IdentifyRequest', what: 'identify request', schema: IdentifyRequestSchema },
    summary: 'Identify a customer from what was typed or scanned',
    description: 'An identified person becomes the till’s current customer. A rejected input carries a `reason`; an ignored one (not a person) is passed on as a `scan` event.',
    answers: { 200: { description: 'What the input was and whom it identified.', json: { name: 'IdentifyResponse', schema: IdentifyResponseSchema } } },
    handle: (core: TillCore, _ctx, body) => core.identify(body.input, body.source),
  }),
  defineRoute<TillCore>({
    method: 'GET', path: '/api/v1/session', operationId: 'getSession', tag: 'till',
    summary: 'The current customer, if any',
    description: '`summary` is the CRM’s offers and recent purchases of the customer, once it came (online only; a `profile.summary` event says when).',
    answers: { 200: { description: 'The session.', json: { name: 'Session', schema: SessionSchema } } },
    handle: (core) => core.session(),
  }),
  defineRoute<TillCore>({
    method: 'DELETE', path: '/api/v1/session', operationId: 'clearSession', tag: 'till',
    summary: 'Forget the current customer',
    answers: { 204: { description: 'Cleared; a `session.cleared` event follows.' } },
    handle: (core) => {
      core.clearSession();
    },
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/signup', operationId: 'signup', tag: 'till',
    request: { name: 'SignupRequest', what: 'sign-up', schema: SignupRequestSchema },
    summary: 'Sign a new member up at the till',
    answers: { 201: { description: 'The profile is made locally and queued for the CRM.', json: { name: 'SignupResponse', schema: SignupResponseSchema } } },
    problems: ['invalid_phone', 'invalid_email', 'already_member', 'terms_changed'],
    handle: (core: TillCore, _ctx, body) => core.signup(body),
  }),
  defineRoute({
    method: 'POST', path: '/api/v1/receipts', operationId: 'recordReceipt', tag: 'till',
    request: { name: 'ReceiptRequest', what: 'receipt', schema: ReceiptRequestSchema },
    summary: 'Record a finished sale (idempotent by receiptId)',
    description: '`profileId` defaults to the current customer. The receipt and its outbox item are on disk before the answer.',
    answers: { 202: { description: 'Queued for the CRM, or a duplicate of one already recorded (nothing changed).', json: { name: 'ReceiptResponse', schema: ReceiptResponseSchema } } },
    problems: ['unknown_profile'],
    handle: (core: TillCore, _ctx, body) => core.recordReceipt(body),
  }),
  defineRoute<TillCore>({
    method: 'GET', path: '/api/v1/profiles/:id', operationId: 'getProfile', tag: 'till',
    summary: 'A cached profile with its consents and receipts',
    description: 'For the current customer, once the CRM answered (online only), also `offers` and `recentPurchases` from any channel: held in memory, never cached.',
    answers: { 200: { description: 'The profile as a cashier may see it.', json: { name: 'ProfileView', schema: ProfileViewSchema } } },
    problems: ['profile_not_found'],
    handle: (core, { params }) => {
      const view = core.profileView(params.id ?? '');
      if (!view) throw new TillFailure('profile_not_found', 'No profile with that id is in this till’s cache.');
      return view;
    },
  }),
  defineRoute<TillCore>({
    method: 'GET', path: '/api/v1/devices', operationId: 'listDevices', tag: 'till',
    summary: 'The scanners and their state',
    answers: { 200: { description: 'Every configured device.', json: { name: 'DevicesResponse', schema: DevicesResponseSchema } } },
    handle: (core) => ({ devices: core.devices() }),
  }),
  defineRoute<TillCore>({
    method: 'GET', path: '/api/v1/sync', operationId: 'getSyncStatus', tag: 'till',
    summary: 'The sync engine’s status',
    answers: { 200: { description: 'The status.', json: { name: 'SyncStatusView', schema: SyncStatusViewSchema } } },
    handle: (core) => core.syncStatus(),
  }),
  defineRoute<TillCore>({
    method: 'POST', path: '/api/v1/sync', operationId: 'syncNow', tag: 'till',
    summary: 'Run a sync with the CRM now',
    answers: { 200: { description: 'The status after the sync.', json: { name: 'SyncStatusView', schema: SyncStatusViewSchema } } },
    problems: ['not_enrolled'],
    handle: (core) => core.syncNow(),
  }),
  defineRoute<TillCore>({
    method: 'GET', path: '/api/v1/events', operationId: 'streamEvents', tag: 'till',
    summary: 'The till’s events as server-sent events',
    description: 'Browsers’ EventSource cannot send the bearer token: read the stream with fetch.',
    answers: { 200: { description: 'An endless event stream.', eventStream: true, json: { name: 'TillEvent', schema: TillEventSchema } } },
    handle: (core, { res }) => {
      streamEvents(res, (listener) => core.subscribe(listener));
      return undefined;
    },
  }),
];

export function tillRoutes(core: TillCore): Route[] {
  return bindRoutes(TILL_ROUTES, core);
}
