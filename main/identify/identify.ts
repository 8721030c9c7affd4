/**
 * Identification: one function turns any input, typed or scanned, into what was presented (phone, email, card,
 * magstripe, member QR, member number, or unknown), how sure we are of the person (claimed < possession < verified),
 * and the profile if the cache knows it. Rejections carry a reason code; nothing throws.
 *
 * classify (pure, in ./classify) → look up by identifier (the cache hashes it) or by profile id (member QR).
 * The normalised identifier is returned on `not_found` so a sign-up can use it; it must never be logged.
 * Rules, formats and examples: docs/identification.md.
 */
import type { IdentifierKind, Profile } from '../../sync/cache/types';
import { classifyInput } from './classify';
import type { IdentifyConfig } from './identifyConfig';
import type { MemberKeyRing } from './memberKeyRing';
import type { NonceStore } from './nonceStore';
import type { IdentifyResult, InputSource } from './types';

export interface IdentifierDeps {
  config: IdentifyConfig;
  keys: MemberKeyRing;
  nonces: NonceStore;
  /** Epoch milliseconds. */
  now: () => number;
  /** Looks up a normalised identifier (the cache hashes it). */
  findByIdentifier(kind: IdentifierKind, value: string): Profile | undefined;
  findById(id: string): Profile | undefined;
  /** Told about unexpected failures (a throwing lookup); the error never carries the input. For logging. */
  onInternalError?: (error: unknown) => void;
}

export type Identify = (input: string, source: InputSource) => IdentifyResult;

export function createIdentifier(deps: IdentifierDeps): Identify {
  const classifyDeps = { keys: deps.keys, nonces: deps.nonces, now: deps.now };

  function identifyUnsafe(input: string, source: InputSource): IdentifyResult {
    const classification = classifyInput(input, source, deps.config, classifyDeps);
    if (classification.outcome === 'ignored') return { result: 'ignored', kind: 'unknown' };
    if (classification.outcome === 'rejected') {
      return { result: 'rejected', kind: classification.kind, reason: classification.reason };
    }
    const { kind, assurance, lookup } = classification;
    if (lookup.by === 'profile_id') {
      const profile = deps.findById(lookup.profileId);
      return profile ? { result: 'identified', kind, assurance, profile } : { result: 'not_found', kind, assurance };
    }
    const profile = deps.findByIdentifier(lookup.kind, lookup.value);
    if (profile) return { result: 'identified', kind, assurance, profile };
    return { result: 'not_found', kind, assurance, identifier: { kind: lookup.kind, value: lookup.value } };
  }

  return function identify(input, source) {
    try {
      // Callers at a boundary may pass anything; treat a non-string as malformed rather than crash.
      if (typeof input !== 'string') return { result: 'rejected', kind: 'unknown', reason: 'malformed' };
      return identifyUnsafe(input, source === 'scan' ? 'scan' : 'typed');
    } catch (error) {
      try {
        deps.onInternalError?.(error);
      } catch {
        // a failing logger must not turn into a failing identify
      }
      return { result: 'rejected', kind: 'unknown', reason: 'malformed' };
    }
  };
}
