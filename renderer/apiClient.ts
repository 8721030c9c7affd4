import { z } from 'zod';
import { HealthSchema, type Health } from '../main/api/contract/health';
import { IdentifyResponseSchema, SessionSchema, type IdentifyResponse, type Session } from '../main/api/contract/identify';
import { ProfileViewSchema, type ProfileView } from '../main/api/contract/profile';
import { ReceiptDeliveryResponseSchema, type ReceiptDeliveryRequest, type ReceiptDeliveryResponse } from '../main/api/contract/receiptDelivery';
import { SignupResponseSchema, type SignupRequest, type SignupResponse } from '../main/api/contract/signup';
import type { TillEvent } from '../main/api/contract/events';
import { ScreenSettingsSchema, type ScreenSettings } from '../main/api/contract/screens';
import {
  ActionAllowedSchema, RedeemOfferAnswerSchema, RedeemPointsAnswerSchema, StepUpCodeAnswerSchema, StepUpViewSchema,
  type ActionAllowed, type RedeemOfferAnswer, type RedeemPointsAnswer, type StepUpAction, type StepUpCodeAnswer, type StepUpMethod, type StepUpView,
} from '../main/api/contract/stepUp';
import {
  DeadLettersResponseSchema,
  DevicesResponseSchema,
  DiagnosticsSchema,
  EnrolmentViewSchema,
  MANAGER_TOKEN_HEADER,
  ManagerLoginResponseSchema,
  RebootstrapResponseSchema,
  SyncStatusViewSchema,
  type DeadLetter,
  type DeviceView,
  type Diagnostics,
  type EnrolmentView,
  type ManagerEnrolRequest,
  type RebootstrapResponse,
  type SyncStatusView,
} from '../main/api/contract/manager';
import type { ClientProblem } from './problemMessages';
import { readTillEvents } from '../main/api/contract/readTillEvents';

/** Where the till's API is and the bearer token for it. */
export interface Connection {
  /** Origin of the POS API, e.g. http://127.0.0.1:7420 (the page's own origin in browser mode). */
  apiBase: string;
  token: string;
}

/** The cashier screen reads the till's events; the customer display reads the same through its own path (so the till knows one is open). */
export type EventStreamPath = '/api/v1/events' | '/api/v1/customer-display/events';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ClientProblem };

const QUICK_MS = 10_000;
/** Calls that wait on the CRM (a redemption, a verification): the till gives up on it first. */
const CRM_MS = 30_000;
const SLOW_MS = 120_000;

const ProblemBodySchema = z.object({
  type: z.string(),
  status: z.number().optional(),
  attemptsLeft: z.number().int().optional(),
  profileId: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  methods: z.array(z.string()).optional(),
  offline: z.boolean().optional(),
  inDoubt: z.boolean().optional(),
  balance: z.number().optional(),
  reason: z.string().max(40).optional(),
});

interface Call<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  schema: z.ZodType<T> | null;
  timeoutMs?: number;
  manager?: boolean;
}

/** The one way the screens talk to the till. Never throws: every answer is a value or a ClientProblem. */
export class ApiClient {
  private managerToken: string | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  health(): Promise<ApiResult<Health>> {
    return this.call({ method: 'GET', path: '/api/v1/health', schema: HealthSchema });
  }

  identify(input: string, source: 'typed' | 'scan'): Promise<ApiResult<IdentifyResponse>> {
    return this.call({ method: 'POST', path: '/api/v1/identify', body: { input, source }, schema: IdentifyResponseSchema });
  }

  session(): Promise<ApiResult<Session>> {
    return this.call({ method: 'GET', path: '/api/v1/session', schema: SessionSchema });
  }

  clearSession(): Promise<ApiResult<null>> {
    return this.call({ method: 'DELETE', path: '/api/v1/session', schema: null });
  }

  /** A 409 `already_member` answers a problem carrying the member's `profileId`. */
  signup(request: SignupRequest): Promise<ApiResult<SignupResponse>> {
    return this.call({ method: 'POST', path: '/api/v1/signup', body: request, schema: SignupResponseSchema });
  }

  profile(id: string): Promise<ApiResult<ProfileView>> {
    return this.call({ method: 'GET', path: `/api/v1/profiles/${encodeURIComponent(id)}`, schema: ProfileViewSchema });
  }

  /** Tier names, the membership terms, the points scheme, and whether a customer display is open. */
  screens(): Promise<ApiResult<ScreenSettings>> {
    return this.call({ method: 'GET', path: '/api/v1/screens', schema: ScreenSettingsSchema });
  }

  /** Whether the current customer's assurance allows `action`; a 403 `step_up_required` when not. */
  checkAction(action: StepUpAction): Promise<ApiResult<ActionAllowed>> {
    return this.call({ method: 'POST', path: '/api/v1/actions/check', body: { action }, schema: ActionAllowedSchema });
  }

  /** Hands the sign-up to the customer display (409 `no_customer_display` when none is open). */
  startCustomerJoin(): Promise<ApiResult<null>> {
    return this.call({ method: 'POST', path: '/api/v1/customer-display/join', schema: null });
  }

  cancelCustomerJoin(): Promise<ApiResult<null>> {
    return this.call({ method: 'DELETE', path: '/api/v1/customer-display/join', schema: null });
  }

  /** The customer's own request for the receipt by e-mail or SMS; a retry with the same key queues nothing more. */
  requestReceiptDelivery(request: ReceiptDeliveryRequest): Promise<ApiResult<ReceiptDeliveryResponse>> {
    return this.call({ method: 'POST', path: '/api/v1/customer-display/receipt-delivery', body: request, schema: ReceiptDeliveryResponseSchema });
  }

  /** Spends the current customer's points; 403 `step_up_required` carries the `methods` that would allow it. */
  redeemPoints(points: number): Promise<ApiResult<RedeemPointsAnswer>> {
    return this.call({ method: 'POST', path: '/api/v1/points/redeem', body: { points }, schema: RedeemPointsAnswerSchema, timeoutMs: CRM_MS });
  }

  /** `forOffer`: the verification is for an offer (it may start for a customer a member QR made `verified`). */
  startStepUp(method: StepUpMethod, forOffer = false): Promise<ApiResult<StepUpView>> {
    return this.call({ method: 'POST', path: '/api/v1/step-up', body: forOffer ? { method, forOffer } : { method }, schema: StepUpViewSchema, timeoutMs: CRM_MS });
  }

  redeemOffer(offerId: string): Promise<ApiResult<RedeemOfferAnswer>> {
    return this.call({ method: 'POST', path: '/api/v1/offers/redeem', body: { offerId }, schema: RedeemOfferAnswerSchema, timeoutMs: CRM_MS });
  }

  submitStepUpCode(verificationId: string, code: string): Promise<ApiResult<StepUpCodeAnswer>> {
    return this.call({ method: 'POST', path: `/api/v1/step-up/${encodeURIComponent(verificationId)}/code`, body: { code }, schema: StepUpCodeAnswerSchema, timeoutMs: CRM_MS });
  }

  cancelStepUp(verificationId: string): Promise<ApiResult<null>> {
    return this.call({ method: 'DELETE', path: `/api/v1/step-up/${encodeURIComponent(verificationId)}`, schema: null, timeoutMs: CRM_MS });
  }

  async devices(): Promise<ApiResult<DeviceView[]>> {
    const result = await this.call({ method: 'GET', path: '/api/v1/devices', schema: DevicesResponseSchema });
    return result.ok ? { ok: true, value: result.value.devices } : result;
  }

  syncStatus(): Promise<ApiResult<SyncStatusView>> {
    return this.call({ method: 'GET', path: '/api/v1/sync', schema: SyncStatusViewSchema });
  }

  syncNow(): Promise<ApiResult<SyncStatusView>> {
    return this.call({ method: 'POST', path: '/api/v1/sync', schema: SyncStatusViewSchema, timeoutMs: SLOW_MS });
  }

  /** Trades the PIN for a manager token, kept in this object only (never stored). */
  async managerLogin(pin: string): Promise<ApiResult<null>> {
    const result = await this.call({ method: 'POST', path: '/api/v1/manager/session', body: { pin }, schema: ManagerLoginResponseSchema });
    if (!result.ok) return result;
    this.managerToken = result.value.managerToken;
    return { ok: true, value: null };
  }

  async managerLogout(): Promise<void> {
    if (this.managerToken === null) return;
    await this.call({ method: 'DELETE', path: '/api/v1/manager/session', schema: null, manager: true });
    this.managerToken = null;
  }

  enrolment(): Promise<ApiResult<EnrolmentView>> {
    return this.call({ method: 'GET', path: '/api/v1/manager/enrolment', schema: EnrolmentViewSchema, manager: true });
  }

  enrol(request: ManagerEnrolRequest): Promise<ApiResult<EnrolmentView>> {
    return this.call({ method: 'POST', path: '/api/v1/manager/enrolment', body: request, schema: EnrolmentViewSchema, manager: true, timeoutMs: SLOW_MS });
  }

  rebootstrap(): Promise<ApiResult<RebootstrapResponse>> {
    return this.call({ method: 'POST', path: '/api/v1/manager/rebootstrap', schema: RebootstrapResponseSchema, manager: true, timeoutMs: SLOW_MS });
  }

  async deadLetters(): Promise<ApiResult<DeadLetter[]>> {
    const result = await this.call({ method: 'GET', path: '/api/v1/manager/dead-letters', schema: DeadLettersResponseSchema, manager: true });
    return result.ok ? { ok: true, value: result.value.deadLetters } : result;
  }

  diagnostics(): Promise<ApiResult<Diagnostics>> {
    return this.call({ method: 'GET', path: '/api/v1/manager/diagnostics', schema: DiagnosticsSchema, manager: true, timeoutMs: SLOW_MS });
  }

  /**
   * Reads GET /api/v1/events with fetch (EventSource cannot send the bearer token) until the stream ends,
   * `signal` aborts, or the connection fails. Answers how it ended; events that do not parse are skipped.
   */
  async streamEvents(onOpen: () => void, onEvent: (event: TillEvent) => void, signal: AbortSignal, path: EventStreamPath = '/api/v1/events'): Promise<ApiResult<null>> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path), { headers: this.headers(false), signal });
    } catch {
      return { ok: false, problem: { type: 'network', status: 0 } };
    }
    if (!response.ok || !response.body) return { ok: false, problem: await problemOf(response) };
    onOpen();
    try {
      await readTillEvents(response.body, onEvent);
    } catch {
      return { ok: false, problem: { type: 'network', status: 0 } };
    }
    return { ok: true, value: null };
  }

  private url(path: string): string {
    return `${this.connection.apiBase.replace(/\/$/, '')}${path}`;
  }

  private headers(json: boolean, manager = false): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.connection.token}`, accept: 'application/json' };
    if (json) headers['content-type'] = 'application/json';
    if (manager && this.managerToken) headers[MANAGER_TOKEN_HEADER] = this.managerToken;
    return headers;
  }

  private async call<T>(call: Call<T>): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(call.path), {
        method: call.method,
        headers: this.headers(call.body !== undefined, call.manager),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(call.timeoutMs ?? QUICK_MS),
        cache: 'no-store',
      });
    } catch {
      return { ok: false, problem: { type: 'network', status: 0 } };
    }
    if (!response.ok) return { ok: false, problem: await problemOf(response) };
    if (call.schema === null) return { ok: true, value: null as T };
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return { ok: false, problem: { type: 'bad_response', status: response.status } };
    }
    const parsed = call.schema.safeParse(json);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: { type: 'bad_response', status: response.status } };
  }
}

/** Reads a problem document; the `type` URL is cut to its last segment (`…/problems/wrong_pin` → `wrong_pin`). */
async function problemOf(response: Response): Promise<ClientProblem> {
  const problem: ClientProblem = { type: response.status === 401 ? 'unauthorized' : 'internal', status: response.status };
  const retryAfter = Number(response.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) problem.retryAfterSeconds = retryAfter;
  try {
    const parsed = ProblemBodySchema.safeParse(await response.json());
    if (parsed.success) {
      problem.type = parsed.data.type.split('/').pop() || problem.type;
      if (parsed.data.attemptsLeft !== undefined) problem.attemptsLeft = parsed.data.attemptsLeft;
      if (parsed.data.profileId !== undefined) problem.profileId = parsed.data.profileId;
      const { retryAfterSeconds, methods, offline, inDoubt, balance, reason } = parsed.data;
      if (reason !== undefined) problem.reason = reason;
      if (problem.retryAfterSeconds === undefined && retryAfterSeconds !== undefined) problem.retryAfterSeconds = retryAfterSeconds;
      if (methods !== undefined) problem.methods = methods;
      if (offline !== undefined) problem.offline = offline;
      if (inDoubt !== undefined) problem.inDoubt = inDoubt;
      if (balance !== undefined) problem.balance = balance;
    }
  } catch {
    // Not a problem document: the status alone says enough.
  }
  return problem;
}
