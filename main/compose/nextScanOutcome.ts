import type { TillEvent } from '../api/contract/events';
import type { ScanOutcome } from './scanOutcomeLine';

export type SubscribeToTillEvents = (listener: (event: TillEvent) => void) => () => void;

/**
 * The next `scan` event that `matches`, or null after `timeoutMs`. It subscribes at once: call it before sending the
 * scan, so the answer cannot come before anyone listens.
 */
export function nextScanOutcome(subscribe: SubscribeToTillEvents, matches: (outcome: ScanOutcome) => boolean, timeoutMs: number): Promise<ScanOutcome | null> {
  return new Promise((resolve) => {
    const finish = (outcome: ScanOutcome | null): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve(outcome);
    };
    // Unref: a till or an emulator that stops meanwhile does not wait for it.
    const timer = setTimeout(() => finish(null), timeoutMs);
    timer.unref();
    const unsubscribe = subscribe((event) => {
      if (event.type === 'scan' && matches(event)) finish(event);
    });
  });
}
