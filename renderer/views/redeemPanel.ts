import { el } from '../elements';
import type { RedeemFlow } from '../redeemFlow';

/** One stage of the redeem screen: its heading (the screen's h1), its body, where focus goes, how it follows the flow. */
export interface RedeemPanel {
  heading: HTMLHeadingElement;
  body: HTMLElement;
  focus(): void;
  update?(flow: RedeemFlow): void;
}

/** What the redeem screen's panels can ask for. */
export interface RedeemPanelActions {
  submitAmount(text: string): void;
  /** The offer on screen, redeemed (again, after a refusal). */
  submitOffer(): void;
  choose(method: 'sms' | 'email_link' | 'bankid'): void;
  chooseMemberQr(): void;
  submitCode(text: string): void;
  /** Back from a verification to the ways to verify (cancels it). */
  back(): void;
  retry(): void;
  /** Back to the member screen. */
  close(): void;
}

/** The id every panel's field points at with aria-describedby while a message is shown. */
export const REDEEM_MESSAGE_ID = 'redeem-message';

export function panelHeading(text: string): HTMLHeadingElement {
  return el('h1', { id: 'screen-heading', tabindex: -1 }, text);
}

/** Ties a field to the screen's message while one is shown, so a screen reader reads them together. */
export function describeWithMessage(input: HTMLInputElement, flow: RedeemFlow): void {
  if (flow.message) input.setAttribute('aria-describedby', REDEEM_MESSAGE_ID);
  else input.removeAttribute('aria-describedby');
}
