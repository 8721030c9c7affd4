import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ENGINES, seedMembers, startHub, testMember } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';

/** Verifies `TID1.<payload>.<signature>` with the raw Ed25519 public key (base64url) the till holds. */
function verifiesWith(token: string, publicKey: string): boolean {
  const split = token.lastIndexOf('.');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  return verify(null, Buffer.from(token.slice(0, split), 'ascii'), key, Buffer.from(token.slice(split + 1), 'base64url'));
}

describe.each(HUB_ENGINES)('member QR tokens and key rotation at the hub on %s', (engine) => {
  let under: HubUnderTest;
  let till: TillOnHub;

  beforeAll(async () => {
    under = await startHub(engine);
    await seedMembers(under.hub, 5);
    till = await tillOnHub(under.hub);
    await till.engine.syncNow();
  });
  afterAll(async () => {
    await till?.close();
    await under?.close();
  });

  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${under.hub.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${under.hub.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as any };
  };

  it('signs a token the till can verify with the key it bootstrapped, and none for an unknown profile', async () => {
    const m = testMember(2);
    const signed = await admin(`/admin/member-qr/${m.profileId}`, { ttlSeconds: 60 });
    expect(signed).toMatchObject({ status: 201, json: { profileId: m.profileId, token: expect.stringMatching(/^TID1\./) } });
    expect(signed.json.exp - signed.json.iat).toBe(60);
    const key = till.cache.memberKeys.find(signed.json.kid);
    expect(key).toBeDefined();
    expect(verifiesWith(signed.json.token, key?.publicKey as string)).toBe(true);
    // One character of the signed payload changed (its middle: every bit there is significant).
    const at = Math.floor(signed.json.token.lastIndexOf('.') / 2);
    const tampered = `${signed.json.token.slice(0, at)}${signed.json.token[at] === 'A' ? 'B' : 'A'}${signed.json.token.slice(at + 1)}`;
    expect(verifiesWith(tampered, key?.publicKey as string)).toBe(false);
    expect((await admin('/admin/member-qr/C-nobody', {})).status).toBe(404);
  });

  it('rotates the signing key: the till gets the new key set as a change, and new tokens verify with the new key', async () => {
    const rotated = await admin('/admin/keys/rotate', { revokePrevious: true });
    expect(rotated.json.keys).toHaveLength(2);
    expect(rotated.json.keys[0]).toMatchObject({ revoked: true });

    await till.engine.syncNow();

    // The till keeps the keys that still verify: the revoked one is dropped.
    const live = rotated.json.keys.filter((k: { revoked: boolean }) => !k.revoked).map((k: { kid: string }) => k.kid);
    expect(live).toEqual([rotated.json.keys[1].kid]);
    expect(till.cache.memberKeys.list().map((k) => k.kid)).toEqual(live);
    const signed = await admin(`/admin/member-qr/${testMember(1).profileId}`, {});
    expect(signed.json.kid).toBe(rotated.json.keys[1].kid);
    expect(verifiesWith(signed.json.token, till.cache.memberKeys.find(signed.json.kid)?.publicKey as string)).toBe(true);
  });
});
