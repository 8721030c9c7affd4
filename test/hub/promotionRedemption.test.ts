import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { signMemberToken } from '../../main/identify/memberQr';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import type { ConnectorAnswer, CrmConnector } from '../../hub/connectors/crmConnector';
import { createTillProfileSummaryClient } from '../../sync/client/profileSummaryClient';
import type { ProfileSummaryClient } from '../../sync/client/profileSummaryClient';
import { PENDING_CLAIM_HOLD_MS } from '../../hub/promotions/promotionDesk';
import { PROMOTION_RULES } from '../../sync/protocol';
import type { SummaryOffer } from '../../sync/protocol';
import { HUB_ENGINES, silentLogger, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import { TILL_CLIENT_HTTP, tillRedeemClients } from './support/tillRedeemClients';
import type { TillRedeemClients } from './support/tillRedeemClients';

/**
 * A CRM that keeps which offers it redeemed, in front of the demo connector's offers: `up` redeems (or says
 * "already redeemed"), `down` answers not now without redeeming, `lost` redeems and then loses its answer, `slow`
 * is `up` after a pause (two tills overlap).
 */
type CrmMode = 'up' | 'down' | 'lost' | 'slow';

function statefulCrm(): { connector: CrmConnector; applied: Set<string>; calls: string[]; while<T>(mode: CrmMode, work: () => Promise<T>): Promise<T> } {
  const demo = createDemoConnector({ members: 30, seed: 1 });
  const applied = new Set<string>();
  const calls: string[] = [];
  const mode = { now: 'up' as CrmMode };
  const redeem = async (profileIds: readonly string[], offerId: string, now: number): Promise<ConnectorAnswer<{ title: string }>> => {
    calls.push(offerId);
    if (mode.now === 'down') return { status: 'retry_later', reason: 'server_error_503' };
    if (mode.now === 'slow') await sleep(300);
    const decided = await demo.promotions?.redeem(profileIds, offerId, now, { resumed: false });
    if (!decided || decided.status !== 'accepted') return decided ?? { status: 'rejected', reason: 'not_found' };
    const key = `${profileIds[0] as string}/${offerId}`;
    if (mode.now === 'lost') {
      applied.add(key);
      return { status: 'retry_later', reason: 'timeout' };
    }
    if (applied.has(key)) return { status: 'duplicate', value: decided.value };
    applied.add(key);
    return decided;
  };
  /** Runs `work` with the CRM in `now`, then puts it back up. */
  async function during<T>(now: CrmMode, work: () => Promise<T>): Promise<T> {
    mode.now = now;
    try {
      return await work();
    } finally {
      mode.now = 'up';
    }
  }
  return { connector: { ...demo, promotions: { redeem } }, applied, calls, while: during };
}

describe.each(HUB_ENGINES)('promotion redemption on the hub on %s: online only, behind a step-up the hub checks', (engine) => {
  let under: HubUnderTest;
  let crm: ReturnType<typeof statefulCrm>;
  let a: TillRedeemClients;
  let b: TillRedeemClients;
  let summaries: ProfileSummaryClient;

  beforeAll(async () => {
    crm = statefulCrm();
    under = await startHub(engine, { connector: crm.connector });
    a = tillRedeemClients(await tillOnHub(under.hub));
    b = tillRedeemClients(await tillOnHub(under.hub));
    summaries = createTillProfileSummaryClient({ dataDir: a.till.dataDir, logger: silentLogger, http: TILL_CLIENT_HTTP });
  });
  afterAll(async () => {
    summaries?.close();
    for (const t of [a, b]) {
      t?.close();
      await t?.till.close();
    }
    await under?.close();
  });

  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const response = await fetch(`${under.hub.url}${path}`, {
      method, headers: { authorization: `Bearer ${under.hub.adminToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: await response.json().catch(() => null) };
  };

  /** A BankID order the customer approves: the hub's record of a verified customer at `at`'s till. */
  async function verified(at: TillRedeemClients, profileId: string, approve = true): Promise<string> {
    const started = await at.stepUp.start({ profileId, method: 'bankid' });
    if (started.outcome !== 'answered' || started.answer.outcome !== 'started') throw new Error('not started');
    if (approve) {
      const order = await admin('GET', `/admin/step-up/bankid?profileId=${profileId}`);
      expect((await admin('POST', `/admin/step-up/bankid/${order.json.orderRef}/approve`)).status).toBe(200);
    }
    return started.answer.verification.verificationId;
  }

  async function offersOf(profileId: string): Promise<SummaryOffer[]> {
    const fetched = await summaries.fetch(profileId);
    if (fetched.outcome !== 'summary') throw new Error(`no summary: ${fetched.outcome}`);
    return fetched.summary.offers;
  }

  it('redeems an offer of the summary once: a retry gets the first answer, its key for another offer is refused, the offer leaves the summary, another key is refused', async () => {
    const profileId = 'P00000001';
    const [offer] = await offersOf(profileId);
    expect(offer).toMatchObject({ id: expect.any(String), redeemable: true });
    const request = { idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, verificationId: await verified(a, profileId) };
    const before = crm.calls.length;

    const first = await a.redeem(request);
    const again = await a.redeem(request);

    expect(first).toMatchObject({ outcome: 'redeemed', redemption: { profileId, offerId: offer?.id, title: offer?.title } });
    expect(again).toEqual(first);
    // The same key for another offer: a bug on the till's side, refused, the CRM not asked.
    expect(await a.redeem({ ...request, offerId: `${offer?.id as string}-other` })).toMatchObject({ outcome: 'refused', status: 400 });
    expect(crm.calls.length - before).toBe(1);
    expect((await offersOf(profileId)).map((o) => o.id)).not.toContain(offer?.id);
    expect(await a.redeem({ ...request, idempotencyKey: uuidv7() })).toEqual({ outcome: 'offer_not_available', reason: 'already_redeemed' });
    expect(crm.calls.length - before).toBe(1);
  });

  it('refuses a forged, foreign, unfinished, other member\'s or stale verification, and asks the CRM nothing', async () => {
    const profileId = 'P00000002';
    const [offer] = await offersOf(profileId);
    const ask = (at: TillRedeemClients, verificationId: string) => at.redeem({ idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, verificationId });
    const before = crm.calls.length;

    expect(await ask(a, 'forged-verification-id-0000')).toEqual({ outcome: 'step_up_required', reason: 'unknown_verification' });
    expect(await ask(a, await verified(b, profileId))).toEqual({ outcome: 'step_up_required', reason: 'unknown_verification' });
    expect(await ask(a, await verified(a, profileId, false))).toEqual({ outcome: 'step_up_required', reason: 'not_verified' });
    expect(await ask(a, await verified(a, 'P00000003'))).toEqual({ outcome: 'step_up_required', reason: 'other_profile' });
    const stale = await verified(a, profileId);
    await under.hub.parts.db.query('UPDATE step_up_orders SET finished_at = finished_at - $2 WHERE verification_id = $1', [stale, PROMOTION_RULES.stepUpMaxAgeMs + 1000]);
    expect(await ask(a, stale)).toEqual({ outcome: 'step_up_required', reason: 'stale' });

    expect(crm.calls.length).toBe(before);
    expect((await offersOf(profileId)).map((o) => o.id)).toContain(offer?.id);
  });

  /** A member QR for `profileId` signed by the hub's key, issued `ago` ms before now (as the member app shows it). */
  async function memberQr(profileId: string, ago = 0): Promise<string> {
    return (await under.hub.parts.keyring.sign(under.hub.parts.db, profileId, under.hub.parts.now() - ago, 300)).token;
  }

  it('takes the member QR that identified the customer as proof: redeemed once, without a step-up', async () => {
    const profileId = 'P00000011';
    const [offer] = await offersOf(profileId);
    const before = crm.calls.length;
    const answer = await a.redeem({ idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, proof: { kind: 'member_qr', token: await memberQr(profileId) } });
    expect(answer).toMatchObject({ outcome: 'redeemed', redemption: { profileId, offerId: offer?.id } });
    expect(crm.calls.length - before).toBe(1);
    expect((await offersOf(profileId)).map((o) => o.id)).not.toContain(offer?.id);
  });

  it('refuses a forged, foreign-key, other member\'s, too old or malformed member QR, and asks the CRM nothing', async () => {
    const profileId = 'P00000012';
    const [offer] = await offersOf(profileId);
    const ask = (token: string) => a.redeem({ idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, proof: { kind: 'member_qr', token } });
    const before = crm.calls.length;
    const [prefix, payload, signature] = (await memberQr(profileId)).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8')) as { kid: string; sub: string; iat: number; exp: number; nonce: string };
    const otherSubject = Buffer.from(JSON.stringify({ ...claims, sub: 'P00000013' })).toString('base64url');
    const foreign = signMemberToken({ ...claims, kid: 'another-retailer-1' }, generateKeyPairSync('ed25519').privateKey);
    const sameKidOtherKey = signMemberToken(claims, generateKeyPairSync('ed25519').privateKey);
    // The key existed long enough for a token that old to be real (a fresh hub's key is minutes old).
    await under.hub.parts.db.query('UPDATE member_qr_keys SET not_before = not_before - $1', [60 * 60_000]);

    expect(await ask(`${prefix}.${otherSubject}.${signature}`)).toEqual({ outcome: 'step_up_required', reason: 'invalid_member_qr' });
    expect(await ask(sameKidOtherKey)).toEqual({ outcome: 'step_up_required', reason: 'invalid_member_qr' });
    expect(await ask(foreign)).toEqual({ outcome: 'step_up_required', reason: 'invalid_member_qr' });
    expect(await ask(await memberQr('P00000013'))).toEqual({ outcome: 'step_up_required', reason: 'other_profile' });
    expect(await ask(await memberQr(profileId, PROMOTION_RULES.stepUpMaxAgeMs + 60_000))).toEqual({ outcome: 'step_up_required', reason: 'stale' });
    expect(await ask('TID1.bm90IGpzb24.c2ln')).toEqual({ outcome: 'step_up_required', reason: 'invalid_member_qr' });
    expect(await ask(`${prefix}.${payload}`)).toEqual({ outcome: 'step_up_required', reason: 'invalid_member_qr' });

    expect(crm.calls.length).toBe(before);
    expect(await under.hub.parts.db.query('SELECT 1 FROM promotion_redemptions WHERE profile_id = $1', [profileId])).toEqual([]);
    expect((await offersOf(profileId)).map((o) => o.id)).toContain(offer?.id);
  });

  it('lets one of two tills racing on one offer redeem it', async () => {
    const profileId = 'P00000004';
    const [offer] = await offersOf(profileId);
    const proofs = [await verified(a, profileId), await verified(b, profileId)];
    const before = crm.calls.length;
    const answers = await crm.while('slow', () =>
      Promise.all([a, b].map((t, i) => t.redeem({ idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, verificationId: proofs[i] as string }))),
    );
    expect(answers.filter((x) => x.outcome === 'redeemed')).toHaveLength(1);
    expect(answers.filter((x) => x.outcome === 'in_progress' || (x.outcome === 'offer_not_available' && x.reason === 'already_redeemed'))).toHaveLength(1);
    expect(crm.calls.length - before).toBe(1);
  });

  it('answers crm_unavailable when the CRM is down: nothing spent, nothing queued; the same key redeems once it is back', async () => {
    const profileId = 'P00000005';
    const [offer] = await offersOf(profileId);
    const request = { idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, verificationId: await verified(a, profileId) };
    expect(await crm.while('down', () => a.redeem(request))).toEqual({ outcome: 'crm_unavailable' });
    expect(crm.applied.has(`${profileId}/${offer?.id}`)).toBe(false);
    expect((await offersOf(profileId)).map((o) => o.id)).toContain(offer?.id);
    expect(await under.hub.parts.db.query('SELECT 1 FROM crm_deliveries')).toEqual([]);
    expect(await a.redeem(request)).toMatchObject({ outcome: 'redeemed' });
  });

  it('counts an attempt whose answer was lost as redeemed when its own retry hears "already redeemed", and no other key', async () => {
    const profileId = 'P00000007';
    const [offer] = await offersOf(profileId);
    const request = { idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, verificationId: await verified(a, profileId) };
    expect(await crm.while('lost', () => a.redeem(request))).toEqual({ outcome: 'crm_unavailable' });
    expect(await b.redeem({ ...request, idempotencyKey: uuidv7(), verificationId: await verified(b, profileId) })).toEqual({ outcome: 'offer_not_available', reason: 'already_redeemed' });
    expect(await a.redeem(request)).toMatchObject({ outcome: 'redeemed', redemption: { offerId: offer?.id } });
  });

  it('answers in_progress while another hub process holds the claim, and takes over one left by a process that died asking the CRM', async () => {
    const profileId = 'P00000014';
    const [offer] = await offersOf(profileId);
    const request = { idempotencyKey: uuidv7(), profileId, offerId: offer?.id as string, verificationId: await verified(a, profileId) };
    // Another process's claim, as it writes it before asking the CRM, at `at`.
    const claimedElsewhere = (at: number) => under.hub.parts.db.query(
      `INSERT INTO promotion_redemptions (offer_id, profile_id, state, idempotency_key, unconfirmed_key, till_id, updated_at) VALUES ($1, $2, 'pending', $3, NULL, 'elsewhere', $4)
       ON CONFLICT (profile_id, offer_id) DO UPDATE SET updated_at = $4`,
      [request.offerId, profileId, uuidv7(), at],
    );
    const before = crm.calls.length;
    await claimedElsewhere(Date.now());
    expect(await a.redeem(request)).toEqual({ outcome: 'in_progress' });
    expect(crm.calls.length - before).toBe(0);
    await claimedElsewhere(Date.now() - PENDING_CLAIM_HOLD_MS - 1_000);
    expect(await a.redeem(request)).toMatchObject({ outcome: 'redeemed', redemption: { offerId: request.offerId } });
    expect(crm.calls.length - before).toBe(1);
  });

  it('redeems an offer the admin API added, and refuses one past its end or of another member', async () => {
    const profileId = 'P00000008';
    expect((await admin('POST', `/admin/profiles/${profileId}/offers`, { title: 'Gratis kaffe', personal: true })).status).toBe(201);
    expect((await admin('POST', `/admin/profiles/${profileId}/offers`, { title: 'Gick ut', validUntil: '2020-01-01T00:00:00Z' })).status).toBe(201);
    const offer = (await offersOf(profileId)).find((o) => o.title === 'Gratis kaffe');
    const expiredId = `offer-${Number(offer?.id.slice('offer-'.length)) + 1}`;
    const verificationId = await verified(a, profileId);
    const ask = (offerId: string) => a.redeem({ idempotencyKey: uuidv7(), profileId, offerId, verificationId });

    expect(await ask(offer?.id as string)).toMatchObject({ outcome: 'redeemed', redemption: { title: 'Gratis kaffe' } });
    expect(await ask(expiredId)).toEqual({ outcome: 'offer_not_available', reason: 'expired' });
    const [othersOffer] = await offersOf('P00000010');
    expect(await ask(othersOffer?.id as string)).toEqual({ outcome: 'offer_not_available', reason: 'not_found' });
  });

  it('an offer the admin API added is redeemed once whatever its id is spelt like: offer-01 is no second offer-1', async () => {
    const profileId = 'P00000009';
    expect((await admin('POST', `/admin/profiles/${profileId}/offers`, { title: 'En bulle', personal: true })).status).toBe(201);
    const offer = (await offersOf(profileId)).find((o) => o.title === 'En bulle');
    const n = (offer?.id as string).slice('offer-'.length);
    const verificationId = await verified(a, profileId);
    const ask = (offerId: string) => a.redeem({ idempotencyKey: uuidv7(), profileId, offerId, verificationId });

    expect(await ask(`offer-${n}`)).toMatchObject({ outcome: 'redeemed' });
    for (const spelling of [`offer-0${n}`, `offer-00${n}`]) {
      expect(await ask(spelling)).toEqual({ outcome: 'offer_not_available', reason: 'not_found' });
    }
  });
});
