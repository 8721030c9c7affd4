import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { TillEvent } from '../../../../main/api/contract/events';
import type { Offer } from '../../../../main/api/contract/profile';
import { createTillProfileSummaryClient } from '../../../../sync/client/profileSummaryClient';
import { createApiServer } from '../../../../main/api/server';
import type { ApiServer } from '../../../../main/api/server';
import { stepUpRoutes } from '../../../../main/api/stepUpRoutes';
import { createStepUpPolicy } from '../../../../main/stepup/policy';
import { createSessionCustomerPort } from '../../../../main/stepup/sessionCustomerPort';
import { createStepUpService } from '../../../../main/stepup/stepUpService';
import type { StepUpService } from '../../../../main/stepup/stepUpService';
import { CustomerSession } from '../../../../main/till/customerSession';
import { TillEventBus } from '../../../../main/till/eventBus';
import { openMemberCache } from '../../../../sync/cache/memberCache';
import type { MemberCache } from '../../../../sync/cache/memberCache';
import { enrolTill } from '../../../../sync/client/enrolTill';
import { createTillStepUpClient } from '../../../../sync/client/stepUpClient';
import type { StepUpClient } from '../../../../sync/client/stepUpClient';
import type { DemoMember } from '../../../../hub/connectors/demo/demoMembers';
import { startTestHub } from '../../../support/testHub';
import type { TestHub } from '../../../support/testHub';
import { crmAdmin } from '../../sync/support/crmAdmin';
import { MovableClock } from './movableClock';
import { stepUpAdmin } from './stepUpAdmin';

export const silentLogger = pino({ enabled: false });
const API_TOKEN = 'stepup-test-token-0123456789abcdef0123456789';

export interface ApiAnswer {
  status: number;
  json: unknown;
}

/**
 * A hub with the demo connector, a till enrolled with it (real data directory, real member cache) and the till's step-up service
 * behind a real POS API server, all on 127.0.0.1. Polls run every 25 ms so tests do not wait on real seconds.
 */
export class StepUpTill {
  readonly events: TillEvent[] = [];
  online = true;
  /** The offers of the CRM's summary the till holds, by profile (as main/till/crmSummaryHolder.ts holds them). */
  readonly heldOffers = new Map<string, Offer[]>();

  private constructor(
    readonly crm: TestHub,
    readonly clock: MovableClock,
    readonly cache: MemberCache,
    readonly session: CustomerSession,
    readonly bus: TillEventBus,
    readonly client: StepUpClient,
    readonly service: StepUpService,
    private readonly api: ApiServer,
    readonly apiUrl: string,
    private readonly dirs: string[],
    /** What the till's step-up service, its CRM client and its POS API logged (pino lines, JSON). */
    readonly logLines: string[],
  ) {
    bus.subscribe((event) => this.events.push(event));
  }

  static async start(): Promise<StepUpTill> {
    const clock = new MovableClock();
    const tillDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-stepup-till-'));
    const crm = await startTestHub({ members: 20, seed: 11, now: clock.now });
    await enrolTill({ crmUrl: crm.url, code: await crmAdmin(crm).enrolmentCode(), dataDir: tillDir, tillName: 'Kassa 1', logger: silentLogger });
    const cache = openMemberCache(tillDir, { logger: silentLogger });
    const session = new CustomerSession(180_000, Date.now);
    const bus = new TillEventBus();
    const logLines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
    const client = createTillStepUpClient({ dataDir: tillDir, logger });
    let self: StepUpTill | null = null;
    const service = createStepUpService({
      policy: createStepUpPolicy(),
      client,
      customer: createSessionCustomerPort(session),
      profiles: cache.profiles,
      online: () => self?.online ?? true,
      publish: (event) => bus.publish(event),
      logger,
      pollMs: { bankid: 25, email_link: 25 },
      offers: {
        held: (profileId) => self?.heldOffers.get(profileId),
        drop: (profileId, offerId) => self?.heldOffers.set(profileId, (self.heldOffers.get(profileId) ?? []).filter((o) => o.id !== offerId)),
      },
    });
    const api = createApiServer({ routes: stepUpRoutes(service), token: API_TOKEN, logger });
    const { url } = await api.listen(0, '127.0.0.1');
    self = new StepUpTill(crm, clock, cache, session, bus, client, service, api, url, [tillDir], logLines);
    return self;
  }

  get admin(): ReturnType<typeof stepUpAdmin> {
    return stepUpAdmin(this.crm);
  }

  /** Demo member `index` as the sync engine would have put it in the cache, made the till's customer by a typed phone. */
  identify(index: number, options: { status?: 'active' | 'pending_sync' } = {}): DemoMember {
    const member = this.crm.demoMember(index);
    const identifiers = [{ kind: 'phone' as const, value: member.phone }, ...(member.email ? [{ kind: 'email' as const, value: member.email }] : [])];
    this.cache.profiles.upsertProfile(
      { id: member.profileId, firstName: member.firstName, displayName: member.displayName, tier: member.tier, pointsBalance: member.points, pointsAsOf: member.pointsAsOf, status: options.status ?? 'active' },
      identifiers,
    );
    const profile = this.cache.profiles.findById(member.profileId);
    if (!profile) throw new Error('the demo member did not reach the cache');
    this.session.set({ profile, kind: 'phone', assurance: 'claimed', identifiedAt: Date.now() });
    return member;
  }

  /** Fetches the CRM's summary of `profileId` as the till does after an identification, and holds its offers. */
  async holdOffers(profileId: string): Promise<Offer[]> {
    const client = createTillProfileSummaryClient({ dataDir: this.dirs[0] as string, logger: silentLogger });
    try {
      const fetched = await client.fetch(profileId);
      if (fetched.outcome !== 'summary') throw new Error(`no summary: ${fetched.outcome}`);
      this.heldOffers.set(profileId, fetched.summary.offers);
      return fetched.summary.offers;
    } finally {
      client.close();
    }
  }

  async call(method: 'GET' | 'POST' | 'DELETE', urlPath: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${this.apiUrl}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  /** The first event (already seen or still to come) that matches; gives up after `timeoutMs`. */
  waitFor<T extends TillEvent['type']>(type: T, match: (event: Extract<TillEvent, { type: T }>) => boolean = () => true, timeoutMs = 5_000): Promise<Extract<TillEvent, { type: T }>> {
    const fits = (event: TillEvent): event is Extract<TillEvent, { type: T }> => event.type === type && match(event as Extract<TillEvent, { type: T }>);
    const seen = this.events.find(fits);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no ${type} event within ${timeoutMs} ms; saw ${this.events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      const stop = this.bus.subscribe((event) => {
        if (!fits(event)) return;
        clearTimeout(timer);
        stop();
        resolve(event);
      });
    });
  }

  async stopCrm(): Promise<void> {
    await this.crm.close();
  }

  async close(): Promise<void> {
    this.service.close();
    this.client.close();
    await this.api.close();
    await this.crm.close();
    this.cache.close();
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
