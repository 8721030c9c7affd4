import type { HubDatabase } from '../db/sql';
import type { BankIdRelyingParty } from './bankIdRelyingParty';
import type { EmailLinkSender, SmsCodeSender } from './deliveryOutcome';
import { messageLogEmailSender, messageLogSmsSender } from './messageLogSenders';
import { KeyedPersonalNumbers } from './personalNumbers';
import type { PersonalNumberCheck } from './personalNumbers';

/** What step-up verification is delivered through. Each part is the demo's unless `tillid hub` names a real one. */
export interface StepUpProviders {
  sms: SmsCodeSender;
  email: EmailLinkSender;
  /** null: BankID orders are simulated, and the admin API plays the customer's BankID app. */
  bankId: BankIdRelyingParty | null;
  /** Whose personal number the profile carries, for a real BankID order's `complete`. */
  personalNumbers: PersonalNumberCheck;
}

/** The demo's providers, with any real ones given in place of theirs. */
export function stepUpProviders(db: HubDatabase, given: Partial<StepUpProviders> = {}): StepUpProviders {
  return {
    sms: given.sms ?? messageLogSmsSender(db),
    email: given.email ?? messageLogEmailSender(db),
    bankId: given.bankId ?? null,
    personalNumbers: given.personalNumbers ?? new KeyedPersonalNumbers(),
  };
}

export async function closeStepUpProviders(providers: StepUpProviders): Promise<void> {
  await Promise.allSettled([providers.sms.close?.(), providers.email.close?.(), providers.bankId?.close()]);
}
