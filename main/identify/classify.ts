// What was presented, before any cache lookup. Pure and fast: a length cap first, cheap character checks before
// any parsing, and each parser bounded. See docs/identification.md for the rules and examples.
import type { IdentifierKind } from '../../sync/cache/types';
import { judgeEan13, matchesCardPattern } from './card';
import { normaliseEmail } from './email';
import type { IdentifyConfig } from './identifyConfig';
import { identifyRulesFor } from './identifyRules';
import type { IdentifyRules } from './identifyRules';
import { hasControlChars, isAsciiDigits, startsWithIgnoringCase, trimInput, withoutSpacesAndHyphens } from './inputText';
import { looksLikeMagstripe, parseMagstripe } from './magstripe';
import type { MemberKeyRing } from './memberKeyRing';
import { normaliseMemberNumber } from './memberNumber';
import { MEMBER_TOKEN_PREFIX, verifyMemberToken } from './memberQr';
import type { NonceStore } from './nonceStore';
import { looksLikePhone, normalisePhone } from './phone';
import type { Assurance, Classification, InputSource, PresentedKind, RejectionReason } from './types';

export interface ClassifyDeps {
  keys: MemberKeyRing;
  nonces: NonceStore;
  /** Epoch milliseconds. */
  now: () => number;
}

const IGNORED: Classification = { outcome: 'ignored', kind: 'unknown' };

function rejected(kind: PresentedKind, reason: RejectionReason): Classification {
  return { outcome: 'rejected', kind, reason };
}

function person(
  kind: Exclude<PresentedKind, 'unknown' | 'member_qr'>,
  assurance: Assurance,
  lookupKind: IdentifierKind,
  value: string,
): Classification {
  return { outcome: 'person', kind, assurance, lookup: { by: 'identifier', kind: lookupKind, value } };
}

/** Holding a card (or a printed number) proves possession only when it was scanned; a typed number is a claim. */
function possessionIfScanned(source: InputSource): Assurance {
  return source === 'scan' ? 'possession' : 'claimed';
}

function classifyEmail(text: string, source: InputSource, explicit: boolean): Classification {
  const email = normaliseEmail(text);
  if (email.ok) return person('email', 'claimed', 'email', email.email);
  // A scanned label with an @ may be anything (a URL, a product code); a typed one, or a mailto:, meant an address.
  return source === 'typed' || explicit ? rejected('email', 'invalid_email') : IGNORED;
}

function classifyPhone(text: string, source: InputSource, rules: IdentifyRules, explicit: boolean): Classification {
  const phone = normalisePhone(text, rules.defaultRegion);
  if (phone.ok) return person('phone', 'claimed', 'phone', phone.e164);
  return source === 'typed' || explicit ? rejected('phone', 'invalid_phone') : IGNORED;
}

/** Inputs made of digits (possibly grouped with spaces or hyphens): cards, EANs, phone numbers. */
function classifyDigits(text: string, compact: string, source: InputSource, rules: IdentifyRules): Classification {
  if (compact.length === 13) {
    const verdict = judgeEan13(compact, rules.cardPrefixRanges);
    if (verdict === 'card') return person('card', possessionIfScanned(source), 'card', compact);
    if (verdict === 'bad_check_digit') return rejected('card', 'bad_check_digit');
  }
  if (matchesCardPattern(compact, rules.cardPatterns)) return person('card', possessionIfScanned(source), 'card', compact);
  // Thirteen digits outside the card ranges are a product EAN, unless typed with the 00 international prefix.
  if (compact.length === 13 && !(source === 'typed' && compact.startsWith('00'))) return IGNORED;
  // A scanned bare digit string is a barcode (a product, a shelf label), not a phone number.
  if (source === 'scan' && compact === text) return IGNORED;
  return classifyPhone(text, source, rules, false);
}

function classifyText(text: string, source: InputSource, deps: ClassifyDeps, rules: IdentifyRules): Classification {
  if (text.startsWith(MEMBER_TOKEN_PREFIX)) {
    const token = verifyMemberToken(text, { keys: deps.keys, nonces: deps.nonces, now: deps.now() });
    if (!token.ok) return rejected('member_qr', token.reason);
    return { outcome: 'person', kind: 'member_qr', assurance: 'verified', lookup: { by: 'profile_id', profileId: token.payload.sub } };
  }
  if (looksLikeMagstripe(text)) {
    const swipe = parseMagstripe(text);
    if (!swipe.ok) return rejected('magstripe', swipe.reason);
    return person('magstripe', possessionIfScanned(source), 'card', swipe.pan);
  }
  if (hasControlChars(text)) return IGNORED; // e.g. GS1 data with GS separators: a product

  if (startsWithIgnoringCase(text, 'mailto:')) return classifyEmail(text.slice(7), source, true);
  if (text.includes('@')) return classifyEmail(text, source, false);
  if (startsWithIgnoringCase(text, 'tel:')) return classifyPhone(text.slice(4), source, rules, true);

  const memberNumber = normaliseMemberNumber(text, rules.memberNumber);
  if (memberNumber !== undefined) return person('member_number', possessionIfScanned(source), 'member_number', memberNumber);

  const compact = withoutSpacesAndHyphens(text);
  if (isAsciiDigits(compact)) return classifyDigits(text, compact, source, rules);
  if (matchesCardPattern(compact, rules.cardPatterns)) return person('card', possessionIfScanned(source), 'card', compact);
  if (looksLikePhone(text)) return classifyPhone(text, source, rules, false);
  return IGNORED;
}

/**
 * Classifies one input. Order: length cap (`too_long`), trim, empty (`empty`), member QR (`TID1.`), magstripe
 * (`%`/`;`), control characters (ignored), e-mail (`mailto:` or an `@`), `tel:`, member number, digits
 * (card EAN-13 → card pattern → product EAN → phone), card pattern, phone shape; anything else is ignored.
 * A valid member QR consumes its nonce: classifying the same token twice gives `replayed`.
 */
export function classifyInput(input: string, source: InputSource, config: IdentifyConfig, deps: ClassifyDeps): Classification {
  const rules = identifyRulesFor(config);
  if (input.length > rules.maxInputLength) return rejected('unknown', 'too_long');
  const text = trimInput(input);
  if (text.length === 0) return rejected('unknown', 'empty');
  return classifyText(text, source, deps, rules);
}
