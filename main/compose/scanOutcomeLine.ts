import type { TillEvent } from '../api/contract/events';

/** The till's `scan` event: what the till made of one scan (never the label of a person's identifier). */
export type ScanOutcome = Extract<TillEvent, { type: 'scan' }>;

const KIND_WORDS: Record<ScanOutcome['kind'], string> = {
  phone: 'phone',
  email: 'e-mail',
  card: 'card',
  magstripe: 'magnetic stripe',
  member_qr: 'member QR',
  member_number: 'member number',
  unknown: 'unknown',
};

/**
 * What a person typed into a scanner's terminal, as that terminal may show it back: its last two characters and its
 * length (`…67, 13 characters`), never the whole of a phone or card number. A short label shows no character at all.
 */
export function maskedLabel(label: string): string {
  const characters = [...label];
  const count = `${characters.length} character${characters.length === 1 ? '' : 's'}`;
  return characters.length >= 6 ? `…${characters.slice(-2).join('')}, ${count}` : count;
}

/** What the till made of a scan, in a few words: `identified: member (card)`, `not found (phone)`. */
export function describeScanOutcome(outcome: Pick<ScanOutcome, 'result' | 'kind'>): string {
  const kind = KIND_WORDS[outcome.kind];
  switch (outcome.result) {
    case 'identified':
      return `identified: member (${kind})`;
    case 'not_found':
      return `not found (${kind})`;
    case 'ambiguous':
      return `several members share this ${kind}: ask for another identifier`;
    case 'rejected':
      return `rejected (${kind})`;
    case 'ignored':
      return 'ignored: not a member identifier';
  }
}

/**
 * One line per scan for the terminal it was typed in: that it was sent and, when the till said, what it made of it.
 * `unanswered` says why there is no outcome (no till found, or none reported in time).
 */
export function scanOutcomeLine(label: string, outcome: Pick<ScanOutcome, 'result' | 'kind'> | { unanswered: string }): string {
  const sent = `Scan sent (${maskedLabel(label)})`;
  if ('unanswered' in outcome) return `${sent}; ${outcome.unanswered}.\n`;
  const hint = outcome.result === 'ignored' && BARE_DIGITS.test(label) ? BARE_DIGITS_HINT : '';
  return `${sent} → ${describeScanOutcome(outcome)}${hint}\n`;
}

/**
 * A scanner that sends nothing but digits read a barcode: outside the card ranges that is a product code, never a
 * phone (the classifier's rule). Someone typing a phone into a scanner's terminal is told how to make it one.
 */
const BARE_DIGITS = /^\d+$/;
const BARE_DIGITS_HINT = ' (a scanner\'s bare digits are a product code; type a phone with its spaces or dashes, e.g. 070-123 45 67, or in the cashier screen)';
