import type { TillEvent } from '../../main/api/contract/events';
import type { SignupRequest } from '../../main/api/contract/signup';
import type { CashierState } from '../cashierState';
import type { MessageKey } from '../i18n/english';
import type { Language, MessageParams } from '../i18n/language';
import type { Message } from '../problemMessages';

/** One screen on the till: its element, where focus goes when it appears, and how it follows state in place. */
export interface ScreenView {
  root: HTMLElement;
  focus(): void;
  /** Called on every state change while this screen is shown (it is rebuilt only when the screen changes). */
  update?(state: CashierState): void;
  /** Till events while this screen is shown (the manager screen refreshes on sync and device changes). */
  onEvent?(event: TillEvent): void;
  dispose?(): void;
}

export interface ViewContext {
  language: Language;
  t(key: MessageKey, params?: MessageParams): string;
  /** The CRM's tier value in words for this language (config `screens.tierNames`); unknown tiers as they are. */
  tierName(tier: string): string;
}

/** A sign-up the till refused: the words, and the field they belong to (marked, and given focus). */
export interface JoinProblem {
  message: Message;
  field: 'contact' | null;
}

/** What the cashier's screens can ask of the app. */
export interface CashierActions {
  lookUp(input: string): void;
  askJoin(contact: string): void;
  /** Answers null on success, or what to show and where. */
  join(request: SignupRequest): Promise<JoinProblem | null>;
  /** Hands the sign-up to the customer display; takes it back to this screen. */
  handJoinToCustomer(): void;
  takeJoinBack(): void;
  /** Whether the current customer's assurance allows showing their purchase history. */
  historyAllowed(): Promise<boolean>;
  done(): void;
  cancel(): void;
  openManager(): void;
  /** "Redeem points" on the member screen. */
  redeem(): void;
  /** "Redeem" beside one of the member's offers. */
  redeemOffer(offer: { id: string; title: string }): void;
  unlock(pin: string): Promise<Message | null>;
}
