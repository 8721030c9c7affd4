import { z } from 'zod';
import { ClearIdentifierSchema } from './identifier';
import { WireProfileSchema } from './profile';
import { SYNC_BASE_PATH } from './version';

/**
 * One member by an identifier, asked by a till whose cache missed while it was online (docs/sync-protocol.md,
 * "Member lookup"). A POST, so the identifier travels in the body over the till's authenticated channel and never in
 * a URL, where proxies and access logs would keep it.
 */
export const MEMBER_LOOKUP_PATH = `${SYNC_BASE_PATH}/lookup`;

/** What the till presented, normalised as everywhere in the protocol (phone E.164, e-mail lower-case, …). */
export const MemberLookupRequestSchema = z.strictObject({ identifier: ClearIdentifierSchema });
export type MemberLookupRequest = z.infer<typeof MemberLookupRequestSchema>;

/**
 * 200: the one member who holds the identifier, in the object form of a change feed `upsert` (whole current state,
 * complete identifier set), so the till stores it exactly as it would store that change. Nobody holds it: 404
 * `member_not_found`. Several members share it: 409 `several_members`.
 */
export const MemberLookupAnswerSchema = z.object({ profile: WireProfileSchema });
export type MemberLookupAnswer = z.infer<typeof MemberLookupAnswerSchema>;
