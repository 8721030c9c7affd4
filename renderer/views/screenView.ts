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
}

/** What the cashier's screens can ask of the app. */
export interface CashierActions {
  lookUp(input: string): void;
  askJoin(contact: string): void;
  /** Answers null on success or the message to show by the form. */
  join(request: SignupRequest): Promise<Message | null>;
  done(): void;
  cancel(): void;
  openManager(): void;
  /** "Redeem points" on the member screen. */
  redeem(): void;
  unlock(pin: string): Promise<Message | null>;
}
