import { verify } from 'node:crypto';
import type { Sql } from '../db/sql';
import type { MemberQrKeyring } from '../keys/memberQrKeyring';
import type { MemberMirror } from '../mirror/memberMirror';
import { PROMOTION_RULES, readMemberQrToken } from '../../sync/protocol';
import type { StepUpProofProblem } from '../../sync/protocol';

/** Clock difference tolerated between the hub and whoever signed the token, ms (the till allows 30 s too). */
const CLOCK_SKEW_MS = 30_000;

/**
 * Whether member QR `token` proves the customer to own `profileId` at `now`, checked by the hub itself: well formed,
 * signed by one of this hub's keys that still verifies (the signing key, or one rotated out within its grace), issued
 * at most PROMOTION_RULES.stepUpMaxAgeMs ago (and not in the future), for the same member (resolved through merges).
 * The nonce is not spent: the till already took the token once when it was scanned, and the same customer may redeem
 * several offers in the session.
 */
export async function checkMemberQrProof(
  tx: Sql, mirror: MemberMirror, keyring: MemberQrKeyring, token: string, profileId: string, now: number,
): Promise<{ ok: true } | { ok: false; reason: StepUpProofProblem }> {
  const parts = readMemberQrToken(token);
  if (!parts) return { ok: false, reason: 'invalid_member_qr' };
  const key = await keyring.verifyingKey(tx, parts.payload.kid, now);
  if (!key || !verify(null, Buffer.from(parts.signingInput, 'ascii'), key.key, parts.signature)) return { ok: false, reason: 'invalid_member_qr' };
  const issuedAt = parts.payload.iat * 1000;
  if (issuedAt > now + CLOCK_SKEW_MS || issuedAt < key.notBefore - CLOCK_SKEW_MS) return { ok: false, reason: 'invalid_member_qr' };
  const proven = await mirror.resolveRef(tx, parts.payload.sub);
  if (!('profileId' in proven) || proven.profileId !== profileId) return { ok: false, reason: 'other_profile' };
  if (issuedAt < now - PROMOTION_RULES.stepUpMaxAgeMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}
