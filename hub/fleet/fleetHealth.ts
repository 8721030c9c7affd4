import type { TillHealth } from '../fleetContract/fleetContract';

/** Nothing from a till for longer than this: it is silent (powered off, unplugged, or stuck). */
export const SILENT_AFTER_MS = 15 * 60_000;
/** An outbox item waiting longer than this means receipts or sign-ups are not reaching the CRM. */
export const BACKLOG_ATTENTION_AFTER_MS = 60 * 60_000;

export interface TillHealthFacts {
  lastSeenAt: number | null;
  deadLetters: number;
  outboxOldestAt: number | null;
}

/**
 * Silent wins over attention: a till that stopped talking says nothing fresh about its outbox, and the first thing
 * to do is to find out why it is quiet.
 */
export function tillHealth(facts: TillHealthFacts, now: number): TillHealth {
  if (facts.lastSeenAt === null || now - facts.lastSeenAt > SILENT_AFTER_MS) return 'silent';
  if (facts.deadLetters > 0) return 'attention';
  if (facts.outboxOldestAt !== null && now - facts.outboxOldestAt > BACKLOG_ATTENTION_AFTER_MS) return 'attention';
  return 'ok';
}
