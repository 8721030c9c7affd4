// Member QR fixtures: a CRM key pair, a forger's key pair, a fixed clock and token factories.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createMemberKeyRing } from '../../../../main/identify/memberKeyRing';
import type { MemberKeyRing } from '../../../../main/identify/memberKeyRing';
import { signMemberToken } from '../../../../main/identify/memberQr';
import type { MemberTokenPayload } from '../../../../main/identify/memberTokenPayload';

/** 2025-05-14 10:00:00 UTC. */
export const NOW_MS = Date.UTC(2025, 4, 14, 10, 0, 0);
export const NOW_S = NOW_MS / 1000;

export const crmKeys = generateKeyPairSync('ed25519');
export const forgerKeys = generateKeyPairSync('ed25519');
export const KID = 'crm-2025-05';
export const PROFILE_ID = 'p-000042';

export function keyRing(): MemberKeyRing {
  return createMemberKeyRing([{ kid: KID, publicKey: crmKeys.publicKey }]);
}

let counter = 0;
/** A fresh, unique nonce per call. */
export function nextNonce(): string {
  counter += 1;
  return `nonce-${String(counter).padStart(8, '0')}`;
}

/** A token issued 10 s before NOW, valid for 120 s, signed by the CRM key unless told otherwise. */
export function memberToken(overrides: Partial<MemberTokenPayload> = {}, privateKey: KeyObject = crmKeys.privateKey): string {
  const iat = overrides.iat ?? NOW_S - 10;
  const payload: MemberTokenPayload = { kid: KID, sub: PROFILE_ID, iat, exp: iat + 120, nonce: nextNonce(), ...overrides };
  return signMemberToken(payload, privateKey);
}

/** Signs any text as a token payload, bypassing the schema (for tokens with bad payloads but good signatures). */
export function tokenWithRawPayload(json: string, privateKey: KeyObject = crmKeys.privateKey): string {
  const signingInput = `TID1.${Buffer.from(json, 'utf8').toString('base64url')}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput, 'latin1'), privateKey).toString('base64url')}`;
}
