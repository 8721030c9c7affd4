import type { ScreenSettings } from '../../api/contract/screens';

/** What the routes need of the till's customer display link (main/till/customerDisplayLink.ts implements it). */
export interface CustomerDisplayPort {
  /** A customer display opened its event stream; call the answer when it closes. */
  attach(): () => void;
  /** Throws a TillFailure `no_customer_display` when none is open. */
  startJoin(): void;
  cancelJoin(): void;
  settings(): ScreenSettings;
}
