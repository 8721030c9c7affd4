/**
 * Builds docs/pos-api.openapi.json, the POS API's OpenAPI 3.1 description, from the zod contract in main/api/contract
 * and the route table below, so the document cannot drift from the code:
 *   node bin/run-ts.mjs scripts/posApiOpenApi.ts --write   regenerates the file
 *   node bin/run-ts.mjs scripts/posApiOpenApi.ts --check   exits 1 when the committed file is stale
 * test/unit/api/openApi.test.ts checks the table against the routes the server really serves.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { TillEventSchema } from '../main/api/contract/events';
import { HealthSchema } from '../main/api/contract/health';
import { IdentifyRequestSchema, IdentifyResponseSchema, SessionSchema } from '../main/api/contract/identify';
import {
  DeadLetterSchema,
  DeadLettersResponseSchema,
  DevicesResponseSchema,
  DeviceViewSchema,
  DiagnosticsSchema,
  EnrolmentViewSchema,
  MANAGER_TOKEN_HEADER,
  ManagerEnrolRequestSchema,
  ManagerLoginRequestSchema,
  ManagerLoginResponseSchema,
  RebootstrapResponseSchema,
  SyncStatusViewSchema,
} from '../main/api/contract/manager';
import { ProblemSchema } from '../main/api/contract/problem';
import {
  AssuranceSchema,
  CrmSummarySchema,
  OfferSchema,
  PresentedKindSchema,
  ProfileSummarySchema,
  ProfileViewSchema,
  ReceiptSummarySchema,
  RecentPurchaseSchema,
} from '../main/api/contract/profile';
import { ReceiptRequestSchema, ReceiptResponseSchema } from '../main/api/contract/receipt';
import { SignupRequestSchema, SignupResponseSchema } from '../main/api/contract/signup';
import {
  ActionAllowedSchema,
  ActionCheckRequestSchema,
  RedeemPointsRequestSchema,
  StartStepUpRequestSchema,
  StepUpActionSchema,
  StepUpCodeAnswerSchema,
  RedeemPointsAnswerSchema,
  StepUpCodeRequestSchema,
  StepUpMethodSchema,
  StepUpRequiredProblemSchema,
  StepUpStatusSchema,
  StepUpViewSchema,
} from '../main/api/contract/stepUp';
import { MAX_BODY_BYTES } from '../main/api/requestGuards';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/pos-api.openapi.json', import.meta.url));

// ---------------------------------------------------------------------------------------------------------------------
// Components: every schema a route names, by the name it has in components.schemas.

/** Request bodies, converted as the server accepts them (zod's input side: defaults make a field optional). */
const requestSchemas = {
  IdentifyRequest: IdentifyRequestSchema,
  SignupRequest: SignupRequestSchema,
  ReceiptRequest: ReceiptRequestSchema,
  ActionCheckRequest: ActionCheckRequestSchema,
  StartStepUpRequest: StartStepUpRequestSchema,
  StepUpCodeRequest: StepUpCodeRequestSchema,
  RedeemPointsRequest: RedeemPointsRequestSchema,
  ManagerLoginRequest: ManagerLoginRequestSchema,
  ManagerEnrolRequest: ManagerEnrolRequestSchema,
};

/** Answers, converted as the server sends them (zod's output side). */
const responseSchemas = {
  Health: HealthSchema,
  IdentifyResponse: IdentifyResponseSchema,
  Session: SessionSchema,
  SignupResponse: SignupResponseSchema,
  ReceiptResponse: ReceiptResponseSchema,
  ProfileSummary: ProfileSummarySchema,
  ReceiptSummary: ReceiptSummarySchema,
  ProfileView: ProfileViewSchema,
  Offer: OfferSchema,
  RecentPurchase: RecentPurchaseSchema,
  CrmSummary: CrmSummarySchema,
  DeviceView: DeviceViewSchema,
  DevicesResponse: DevicesResponseSchema,
  SyncStatusView: SyncStatusViewSchema,
  TillEvent: TillEventSchema,
  ActionAllowed: ActionAllowedSchema,
  StepUpStatus: StepUpStatusSchema,
  StepUpView: StepUpViewSchema,
  StepUpCodeAnswer: StepUpCodeAnswerSchema,
  RedeemPointsAnswer: RedeemPointsAnswerSchema,
  ManagerLoginResponse: ManagerLoginResponseSchema,
  EnrolmentView: EnrolmentViewSchema,
  RebootstrapResponse: RebootstrapResponseSchema,
  DeadLetter: DeadLetterSchema,
  DeadLettersResponse: DeadLettersResponseSchema,
  Diagnostics: DiagnosticsSchema,
  // RFC 9457 lets a problem type add members (TillError's `extra`: balance, retryAfterSeconds, stillAllowed, …), and
  // clients must ignore ones they do not know: the documents are open even though the zod schema strips.
  Problem: ProblemSchema.loose(),
  StepUpRequiredProblem: StepUpRequiredProblemSchema.loose(),
};

/** Enums both sides use; they convert the same either way, so one component serves both. */
const sharedSchemas = {
  Assurance: AssuranceSchema,
  PresentedKind: PresentedKindSchema,
  StepUpAction: StepUpActionSchema,
  StepUpMethod: StepUpMethodSchema,
};

type RequestName = keyof typeof requestSchemas;
type ResponseName = keyof typeof responseSchemas;

// ---------------------------------------------------------------------------------------------------------------------
// Problems: every `type` a route may answer, what it means, and what it carries beyond the Problem schema.

interface ProblemTypeDoc {
  means: string;
  schema?: ResponseName;
  headers?: Record<string, string>;
}

const problemTypes: Record<string, string | ProblemTypeDoc> = {
  bad_host: 'The Host header does not name 127.0.0.1, localhost or [::1] (DNS rebinding defence).',
  unauthorized: {
    means: 'No `Authorization: Bearer <token>`, or the wrong token. `tillid token` prints it.',
    headers: { 'WWW-Authenticate': '`Bearer`, sent with `unauthorized`.' },
  },
  internal: 'The till could not handle the request; it is logged. Try again.',
  disk_full: 'The till’s disk is full: free space on it. Nothing accepted before is lost; this request was not recorded, so send it again once there is space. Identification still works meanwhile.',
  malformed_json: 'The body is not valid JSON.',
  invalid_body: 'The body does not match the request schema; `errors` lists `{path, message}` per field.',
  body_too_large: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
  unsupported_media_type: 'The body is not sent as `application/json`.',
  manager_pin_required: `No live manager token in \`${MANAGER_TOKEN_HEADER}\`: enter the manager PIN again (POST /api/v1/manager/session).`,
  invalid_phone: 'The phone number cannot be used.',
  invalid_email: 'The email address cannot be used.',
  already_member: 'The phone or email is already a member; `profileId` names them. Identify them instead.',
  unknown_profile: '`profileId` names no profile this till knows.',
  profile_not_found: 'No profile with that id is in this till’s cache.',
  not_enrolled: 'This till is not enrolled with a CRM yet.',
  no_customer: 'There is no customer at the till: identify one first.',
  already_verified: 'The customer is already `verified`.',
  step_up_required: {
    means: 'The action needs more assurance than the customer has; the problem says what would raise it (`methods`, `present`) and what still works (`stillAllowed`).',
    schema: 'StepUpRequiredProblem',
  },
  method_unavailable: 'That verification method is not available for this customer; `methods` lists the ones that are.',
  step_up_rate_limited: 'Too many codes or links went to this customer recently; `retryAfterSeconds` says when to try again.',
  crm_refused: 'The CRM refused the verification request, or answered about another one.',
  offline: 'The till cannot reach the CRM, so no verification can start or be checked; `stillAllowed` and `present` say what still works.',
  step_up_not_found: 'No verification with this id is known to the till (or the CRM forgot it).',
  not_a_code_verification: 'This verification follows an e-mail link or BankID: it takes no code.',
  customer_changed: 'The code was right, but another customer is at the till now.',
  insufficient_points: 'The customer has fewer points than asked; `balance` says how many.',
  redemption_in_progress: 'A redemption for this customer is already on its way to the CRM: wait for its answer.',
  wrong_pin: 'The manager PIN is not right; `attemptsLeft` says how many tries remain before a pause.',
  too_many_attempts: {
    means: 'Too many wrong PINs: wait `retryAfterSeconds` (also the Retry-After header) and try again.',
    headers: { 'Retry-After': 'Seconds until the next PIN is accepted.' },
  },
  enrolment_refused: 'The CRM refused the enrolment code: wrong, used or expired.',
  crm_bad_request: 'The CRM refused the request: check its address.',
  crm_unreachable: 'The CRM could not be reached.',
  crm_error: 'The CRM had an error or answered something the till does not understand.',
  crm_refused_till: 'The CRM no longer accepts this till: enrol it again.',
  crm_timeout: 'The CRM did not answer in time.',
};

/** The manager routes that talk to the CRM turn its failures into these. */
const crmFailures = {
  400: ['enrolment_refused', 'crm_bad_request'],
  409: ['not_enrolled'],
  502: ['crm_unreachable', 'crm_error', 'crm_refused_till'],
  504: ['crm_timeout'],
};

// ---------------------------------------------------------------------------------------------------------------------
// The route table: one row per route the server serves (main/api/routes.ts, stepUpRoutes.ts, managerRoutes.ts).

export type HttpMethod = 'GET' | 'POST' | 'DELETE';
type TagName = 'till' | 'step-up' | 'manager';

interface Answer {
  description: string;
  json?: ResponseName;
  /** text/event-stream whose `data:` lines are TillEvents. */
  eventStream?: true;
  headers?: Record<string, string>;
}

export interface ApiRouteDoc {
  method: HttpMethod;
  /** As the router spells it: /api/v1/profiles/:id */
  path: string;
  operationId: string;
  tag: TagName;
  summary: string;
  description?: string;
  /** Served without the bearer token (health only). */
  public?: true;
  /** Needs a live manager token in MANAGER_TOKEN_HEADER besides the bearer token. */
  managerToken?: true;
  /** The JSON body the route parses; adds the body problems (400, 413, 415). */
  request?: RequestName;
  /** The answers that are not problems, by status. */
  answers: Record<number, Answer>;
  /** Problem types particular to this route, by status; the ones every route may answer are added by the flags above. */
  problems?: Record<number, string[]>;
}

export const posApiRoutes: readonly ApiRouteDoc[] = [
  {
    method: 'GET', path: '/api/v1/health', operationId: 'getHealth', tag: 'till', public: true,
    summary: 'Whether the till is up, its version, whether it reaches the CRM and how many profiles it holds',
    answers: { 200: { description: 'The till’s health.', json: 'Health' } },
  },
  {
    method: 'POST', path: '/api/v1/identify', operationId: 'identify', tag: 'till', request: 'IdentifyRequest',
    summary: 'Identify a customer from what was typed or scanned',
    description: 'An identified person becomes the till’s current customer. A rejected input carries a `reason`; an ignored one (not a person) is passed on as a `scan` event.',
    answers: { 200: { description: 'What the input was and whom it identified.', json: 'IdentifyResponse' } },
  },
  {
    method: 'GET', path: '/api/v1/session', operationId: 'getSession', tag: 'till',
    summary: 'The current customer, if any',
    description: '`summary` is the CRM’s offers and recent purchases of the customer, once it came (online only; a `profile.summary` event says when).',
    answers: { 200: { description: 'The session.', json: 'Session' } },
  },
  {
    method: 'DELETE', path: '/api/v1/session', operationId: 'clearSession', tag: 'till',
    summary: 'Forget the current customer',
    answers: { 204: { description: 'Cleared; a `session.cleared` event follows.' } },
  },
  {
    method: 'POST', path: '/api/v1/signup', operationId: 'signup', tag: 'till', request: 'SignupRequest',
    summary: 'Sign a new member up at the till',
    answers: { 201: { description: 'The profile is made locally and queued for the CRM.', json: 'SignupResponse' } },
    problems: { 400: ['invalid_phone', 'invalid_email'], 409: ['already_member'] },
  },
  {
    method: 'POST', path: '/api/v1/receipts', operationId: 'recordReceipt', tag: 'till', request: 'ReceiptRequest',
    summary: 'Record a finished sale (idempotent by receiptId)',
    description: '`profileId` defaults to the current customer. The receipt and its outbox item are on disk before the answer.',
    answers: { 202: { description: 'Queued for the CRM, or a duplicate of one already recorded (nothing changed).', json: 'ReceiptResponse' } },
    problems: { 422: ['unknown_profile'] },
  },
  {
    method: 'GET', path: '/api/v1/profiles/:id', operationId: 'getProfile', tag: 'till',
    summary: 'A cached profile with its consents and receipts',
    description: 'For the current customer, once the CRM answered (online only), also `offers` and `recentPurchases` from any channel: held in memory, never cached.',
    answers: { 200: { description: 'The profile as a cashier may see it.', json: 'ProfileView' } },
    problems: { 404: ['profile_not_found'] },
  },
  {
    method: 'GET', path: '/api/v1/devices', operationId: 'listDevices', tag: 'till',
    summary: 'The scanners and their state',
    answers: { 200: { description: 'Every configured device.', json: 'DevicesResponse' } },
  },
  {
    method: 'GET', path: '/api/v1/sync', operationId: 'getSyncStatus', tag: 'till',
    summary: 'The sync engine’s status',
    answers: { 200: { description: 'The status.', json: 'SyncStatusView' } },
  },
  {
    method: 'POST', path: '/api/v1/sync', operationId: 'syncNow', tag: 'till',
    summary: 'Run a sync with the CRM now',
    answers: { 200: { description: 'The status after the sync.', json: 'SyncStatusView' } },
    problems: { 409: ['not_enrolled'] },
  },
  {
    method: 'GET', path: '/api/v1/events', operationId: 'streamEvents', tag: 'till',
    summary: 'The till’s events as server-sent events',
    description: 'Browsers’ EventSource cannot send the bearer token: read the stream with fetch.',
    answers: { 200: { description: 'An endless event stream.', eventStream: true } },
  },
  {
    method: 'POST', path: '/api/v1/actions/check', operationId: 'checkAction', tag: 'step-up', request: 'ActionCheckRequest',
    summary: 'Whether the current customer’s assurance allows an action',
    answers: { 200: { description: 'Allowed.', json: 'ActionAllowed' } },
    problems: { 403: ['step_up_required'], 409: ['no_customer'] },
  },
  {
    method: 'POST', path: '/api/v1/step-up', operationId: 'startStepUp', tag: 'step-up', request: 'StartStepUpRequest',
    summary: 'Start a verification of the current customer (SMS code, e-mail link or BankID)',
    answers: { 201: { description: 'The verification, pending.', json: 'StepUpView' } },
    problems: {
      409: ['no_customer', 'already_verified', 'not_enrolled'],
      422: ['method_unavailable'],
      429: ['step_up_rate_limited'],
      502: ['crm_refused'],
      503: ['offline'],
    },
  },
  {
    method: 'GET', path: '/api/v1/step-up/:id', operationId: 'getStepUp', tag: 'step-up',
    summary: 'A verification’s state',
    answers: { 200: { description: 'The verification.', json: 'StepUpView' } },
    problems: { 404: ['step_up_not_found'] },
  },
  {
    method: 'DELETE', path: '/api/v1/step-up/:id', operationId: 'cancelStepUp', tag: 'step-up',
    summary: 'Cancel a verification (at the CRM too)',
    answers: { 204: { description: 'Cancelled.' } },
    problems: { 404: ['step_up_not_found'] },
  },
  {
    method: 'POST', path: '/api/v1/step-up/:id/code', operationId: 'submitStepUpCode', tag: 'step-up', request: 'StepUpCodeRequest',
    summary: 'Check the code the customer received by SMS',
    answers: { 200: { description: 'Whether the code was right, and the verification after it.', json: 'StepUpCodeAnswer' } },
    problems: {
      404: ['step_up_not_found'],
      409: ['not_a_code_verification', 'customer_changed', 'not_enrolled'],
      502: ['crm_refused'],
      503: ['offline'],
    },
  },
  {
    method: 'POST', path: '/api/v1/points/redeem', operationId: 'redeemPoints', tag: 'step-up', request: 'RedeemPointsRequest',
    summary: 'Redeem the current customer’s points, confirmed by the CRM (needs `verified`; never spent twice)',
    answers: { 200: { description: 'Redeemed: the new balance, as the CRM answered it.', json: 'RedeemPointsAnswer' } },
    problems: {
      403: ['step_up_required'],
      409: ['no_customer', 'not_enrolled', 'redemption_in_progress'],
      422: ['insufficient_points', 'unknown_profile'],
      502: ['crm_refused'],
      503: ['offline'],
    },
  },
  {
    method: 'POST', path: '/api/v1/manager/session', operationId: 'managerLogin', tag: 'manager', request: 'ManagerLoginRequest',
    summary: 'Trade the manager PIN for a short-lived manager token',
    answers: { 201: { description: 'The manager token; each use extends it.', json: 'ManagerLoginResponse' } },
    problems: { 401: ['wrong_pin'], 429: ['too_many_attempts'] },
  },
  {
    method: 'DELETE', path: '/api/v1/manager/session', operationId: 'managerLogout', tag: 'manager',
    summary: `Revoke the manager token sent in ${MANAGER_TOKEN_HEADER}, if any`,
    answers: { 204: { description: 'Revoked (or there was none).' } },
  },
  {
    method: 'GET', path: '/api/v1/manager/enrolment', operationId: 'getEnrolment', tag: 'manager', managerToken: true,
    summary: 'Who this till is to the CRM',
    answers: { 200: { description: 'The enrolment; `enrolled: false` before there is one.', json: 'EnrolmentView' } },
  },
  {
    method: 'POST', path: '/api/v1/manager/enrolment', operationId: 'enrol', tag: 'manager', managerToken: true, request: 'ManagerEnrolRequest',
    summary: 'Enrol this till with the CRM using a one-time code',
    answers: { 200: { description: 'The new enrolment.', json: 'EnrolmentView' } },
    problems: crmFailures,
  },
  {
    method: 'POST', path: '/api/v1/manager/rebootstrap', operationId: 'rebootstrap', tag: 'manager', managerToken: true,
    summary: 'Drop the sync cursor and load the CRM’s members afresh',
    answers: { 202: { description: 'Started, or already done.', json: 'RebootstrapResponse' } },
    problems: crmFailures,
  },
  {
    method: 'GET', path: '/api/v1/manager/dead-letters', operationId: 'listDeadLetters', tag: 'manager', managerToken: true,
    summary: 'Outbox items the CRM refused for good (what and why, never their content)',
    answers: { 200: { description: 'The dead letters.', json: 'DeadLettersResponse' } },
  },
  {
    method: 'GET', path: '/api/v1/manager/diagnostics', operationId: 'getDiagnostics', tag: 'manager', managerToken: true,
    summary: 'A diagnostics export for support, without personal data',
    answers: {
      200: {
        description: 'The export, as a download.',
        json: 'Diagnostics',
        headers: { 'Content-Disposition': 'attachment; filename="tillid-diagnostics.json"' },
      },
    },
  },
];

const tags: Record<TagName, string> = {
  till: 'Identify customers, sign them up, record receipts, follow the till.',
  'step-up': 'Actions that need more proof of who the customer is, and the verifications that give it (docs/step-up.md).',
  manager: `The manager screen: a PIN buys a manager token, sent in \`${MANAGER_TOKEN_HEADER}\` next to the bearer token.`,
};

// ---------------------------------------------------------------------------------------------------------------------
// Building the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** `/api/v1/profiles/:id` → `/api/v1/profiles/{id}`, the router's pattern in OpenAPI's spelling. */
export function toOpenApiPath(routerPath: string): string {
  return routerPath.replace(/:([a-zA-Z]+)/g, '{$1}');
}

function sortedByKey<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function convert(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...sharedSchemas, ...schemas })) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(converted)) {
    if (id === '__shared') throw new Error('A contract schema is recursive or shared unnamed; give it a component name in scripts/posApiOpenApi.ts.');
    // A component is not a standalone document: OpenAPI names it by its place, and 3.1 fixes the dialect.
    const { $schema: _schema, $id: _id, ...rest } = schema as Json;
    out[id] = rest;
  }
  return out;
}

function componentSchemas(): Record<string, Json> {
  const requests = convert(requestSchemas, 'input');
  const responses = convert(responseSchemas, 'output');
  for (const name of Object.keys(requests)) {
    if (name in responses && JSON.stringify(requests[name]) !== JSON.stringify(responses[name])) {
      throw new Error(`Component ${name} converts differently as a request and as an answer; give the two sides different names.`);
    }
  }
  return sortedByKey(Object.entries({ ...responses, ...requests }));
}

function problemDoc(type: string): ProblemTypeDoc {
  const doc = problemTypes[type];
  if (doc === undefined) throw new Error(`Problem type ${type} has no entry in problemTypes (scripts/posApiOpenApi.ts).`);
  return typeof doc === 'string' ? { means: doc } : doc;
}

function headerObjects(headers: Record<string, string>): Json {
  return Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
}

function problemResponse(types: string[]): Json {
  const docs = types.map(problemDoc);
  const schemaNames = [...new Set(docs.map((doc) => doc.schema ?? 'Problem'))];
  const headers = Object.assign({}, ...docs.map((doc) => doc.headers ?? {})) as Record<string, string>;
  const lines = types.map((type, i) => `- \`${type}\`: ${docs[i]?.means ?? ''}`);
  return {
    description: `A problem; \`type\` is https://tillid.dev/problems/ followed by one of:\n${lines.join('\n')}`,
    ...(Object.keys(headers).length > 0 ? { headers: headerObjects(headers) } : {}),
    content: {
      'application/problem+json': { schema: schemaNames.length === 1 ? ref(schemaNames[0] as string) : { anyOf: schemaNames.map(ref) } },
    },
  };
}

function eventTypes(): string[] {
  return TillEventSchema.options.map((option) => option.shape.type.value);
}

function answerResponse(answer: Answer): Json {
  const headers = answer.headers ? { headers: headerObjects(answer.headers) } : {};
  if (answer.eventStream) {
    return {
      description: `${answer.description} Each event is \`event: <type>\` and \`data: <TillEvent as JSON>\` (#/components/schemas/TillEvent), `
        + `with a comment heartbeat every 15 s. Types: ${eventTypes().map((type) => `\`${type}\``).join(', ')}.`,
      ...headers,
      content: { 'text/event-stream': { schema: { type: 'string' }, 'x-tillid-event-data': ref('TillEvent') } },
    };
  }
  return {
    description: answer.description,
    ...headers,
    ...(answer.json ? { content: { 'application/json': { schema: ref(answer.json) } } } : {}),
  };
}

/** Problems many routes answer alike: written once under components.responses and referred to. */
const sharedProblemResponses: Record<string, string[]> = {
  InvalidBody: ['malformed_json', 'invalid_body'],
  Unauthorized: ['unauthorized'],
  ManagerPinRequired: ['manager_pin_required'],
  BodyTooLarge: ['body_too_large'],
  UnsupportedMediaType: ['unsupported_media_type'],
  BadHost: ['bad_host'],
  Internal: ['internal'],
  DiskFull: ['disk_full'],
};

function sharedResponseFor(types: string[]): string | undefined {
  const key = types.join(' ');
  return Object.keys(sharedProblemResponses).find((name) => sharedProblemResponses[name]?.join(' ') === key);
}

/** Problem types by status for one route: its own plus the ones its flags imply. */
function problemsFor(route: ApiRouteDoc): Map<number, string[]> {
  const byStatus = new Map<number, string[]>();
  const add = (status: number, types: string[]) => byStatus.set(status, [...(byStatus.get(status) ?? []), ...types]);
  if (route.request) {
    add(400, ['malformed_json', 'invalid_body']);
    add(413, ['body_too_large']);
    add(415, ['unsupported_media_type']);
  }
  if (!route.public) add(401, ['unauthorized']);
  if (route.managerToken) add(403, ['manager_pin_required']);
  for (const [status, types] of Object.entries(route.problems ?? {})) add(Number(status), types);
  add(421, ['bad_host']);
  add(500, ['internal']);
  // What changes the till's state writes to its disk; a full disk refuses it (nothing accepted before is lost).
  if (route.method !== 'GET') add(507, ['disk_full']);
  return byStatus;
}

function operation(route: ApiRouteDoc): Json {
  const responses: Record<string, Json> = {};
  for (const [status, answer] of Object.entries(route.answers)) responses[status] = answerResponse(answer);
  for (const [status, types] of problemsFor(route)) {
    if (responses[String(status)]) throw new Error(`${route.method} ${route.path}: status ${status} is both an answer and a problem.`);
    const shared = sharedResponseFor(types);
    responses[String(status)] = shared ? { $ref: `#/components/responses/${shared}` } : problemResponse(types);
  }
  const params = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map(([, name]) => ({
    name, in: 'path', required: true, schema: { type: 'string' },
  }));
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.public ? { security: [] } : route.managerToken ? { security: [{ bearer: [], managerToken: [] }] } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.request
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(route.request) } } } }
      : {}),
    // Integer-like keys keep ascending order in JS objects: statuses come out sorted.
    responses: Object.fromEntries(Object.entries(responses)),
  };
}

const methodOrder: HttpMethod[] = ['GET', 'POST', 'DELETE'];

function pathItems(): Record<string, Json> {
  const items = new Map<string, Json>();
  for (const method of methodOrder) {
    for (const route of posApiRoutes.filter((r) => r.method === method)) {
      const openApiPath = toOpenApiPath(route.path);
      const item = items.get(openApiPath) ?? {};
      const key = method.toLowerCase();
      if (item[key]) throw new Error(`${method} ${route.path} is in the route table twice.`);
      item[key] = operation(route);
      items.set(openApiPath, item);
    }
  }
  return sortedByKey([...items.entries()]);
}

/** The POS API's OpenAPI 3.1 document: the same input always gives the same object, key for key. */
export function buildPosApiOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tillid POS API',
      version: '1',
      summary: 'The local HTTP API the POS software and the cashier UI use to identify customers at a till.',
      description: 'Served on 127.0.0.1 only. Generated from the zod schemas in main/api/contract by scripts/posApiOpenApi.ts: '
        + 'do not edit by hand. The prose guide is docs/pos-api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:7420', description: 'The till on its default port.' }],
    security: [{ bearer: [] }],
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    paths: pathItems(),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token in <data>/api.token; `tillid token --data DIR` prints it.' },
        managerToken: {
          type: 'apiKey', in: 'header', name: MANAGER_TOKEN_HEADER,
          description: 'The manager token from POST /api/v1/manager/session; it expires after a while unused.',
        },
      },
      schemas: componentSchemas(),
      responses: Object.fromEntries(Object.entries(sharedProblemResponses).map(([name, types]) => [name, problemResponse(types)])),
    },
  };
}

export function renderPosApiOpenApi(): string {
  return `${JSON.stringify(buildPosApiOpenApi(), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Command line.

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${right[at] ?? '(end of file)'}\n  generated: ${left[at] ?? '(end of file)'}`;
}

function run(args: string[]): number {
  const relative = path.relative(process.cwd(), OPENAPI_FILE);
  const generated = renderPosApiOpenApi();
  if (args.includes('--write')) {
    writeFileSync(OPENAPI_FILE, generated);
    console.log(`wrote ${relative}`);
    return 0;
  }
  if (args.includes('--check')) {
    let committed: string;
    try {
      committed = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      console.error(`${relative} is missing. Run: node bin/run-ts.mjs scripts/posApiOpenApi.ts --write`);
      return 1;
    }
    if (committed === generated) {
      console.log(`${relative} is up to date`);
      return 0;
    }
    console.error(`${relative} is out of date with main/api/contract and the route table in scripts/posApiOpenApi.ts.`);
    console.error(firstDifference(generated, committed));
    console.error('Run: node bin/run-ts.mjs scripts/posApiOpenApi.ts --write (npm run docs:api), then commit the file.');
    return 1;
  }
  console.error('usage: node bin/run-ts.mjs scripts/posApiOpenApi.ts --write | --check');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = run(process.argv.slice(2));
}
