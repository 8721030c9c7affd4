import { v7 as uuidv7 } from 'uuid';

/**
 * One redemption at a time on its way to the CRM, each under an idempotency key. An attempt the CRM did not settle (its
 * answer lost, or not confirmed), asked for again with the same `what`, goes under the same key, so the CRM never
 * redeems it twice; anything else gets a new key. Points and offers both redeem through it.
 */
export interface RedemptionAttempts {
  /** An attempt is on its way to the CRM: a second one is refused (`redemption_in_progress`). */
  readonly busy: boolean;
  /**
   * Sends `what` (the fields that make two asks the same redemption) by `exchange` under its key; `unsettled(answer)`
   * says the CRM did not settle it, so the next ask for the same `what` reuses the key.
   */
  send<T>(what: readonly unknown[], exchange: (key: string) => Promise<T>, unsettled: (answer: T) => boolean): Promise<T>;
}

export function createRedemptionAttempts(newKey: () => string = uuidv7): RedemptionAttempts {
  let unsettledAttempt: { key: string; what: string } | null = null;
  let busy = false;
  return {
    get busy() {
      return busy;
    },
    async send(what, exchange, unsettled) {
      const same = JSON.stringify(what);
      const key = unsettledAttempt?.what === same ? unsettledAttempt.key : newKey();
      busy = true;
      let answer;
      try {
        answer = await exchange(key);
      } finally {
        busy = false;
      }
      unsettledAttempt = unsettled(answer) ? { key, what: same } : null;
      return answer;
    },
  };
}
