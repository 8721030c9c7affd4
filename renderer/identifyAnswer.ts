import type { IdentifyResponse } from '../main/api/contract/identify';
import type { CashierAction, InputSource } from './cashierState';

/**
 * What the answer to POST /api/v1/identify adds to the screen, or null when the till's event says it already. Each
 * identification is shown once: an `identified` event (from any source) carries the member's whole view, and a scan's
 * `identify.not_found`, `identify.rejected` and `identify.ambiguous` come as events too. Only what has no event (an
 * ignored input) and a typed miss, refusal or ambiguity (whose answer keeps what was typed) come from the answer.
 */
export function actionForIdentifyAnswer(response: IdentifyResponse, source: InputSource, typed: string): CashierAction | null {
  switch (response.result) {
    case 'identified':
      return null;
    case 'not_found':
      return source === 'typed' ? { type: 'not_found', source, typed } : null;
    case 'rejected':
      return source === 'typed' ? { type: 'rejected', source, reason: response.reason } : null;
    case 'ignored':
      return { type: 'ignored', source };
    case 'ambiguous':
      return source === 'typed' ? { type: 'ambiguous' } : null;
  }
}
