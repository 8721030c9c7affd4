import type { HubDatabase } from '../db/sql';
import { messageLog } from '../stepUp/messageLog';
import type { EmailLinkSender, SmsCodeSender } from './deliveryOutcome';

/** The demo's links point at an example host: the admin API opens them (POST /admin/step-up/email/:token/open). */
export const DEMO_EMAIL_LINK_BASE = 'https://hub.example/step-up/email/';

/** The demo's "SMS gateway": the code goes into step_up_messages, where the admin API reads it back. */
export function messageLogSmsSender(db: HubDatabase): SmsCodeSender {
  return {
    kind: 'message_log',
    async send(message) {
      await messageLog.send(db, 'sms', message.to, message.code, message.verificationId, message.now);
      return { delivered: true };
    },
  };
}

/** The demo's "mail server": the link goes into step_up_messages, where the admin API reads it back. */
export function messageLogEmailSender(db: HubDatabase, linkBase = DEMO_EMAIL_LINK_BASE): EmailLinkSender {
  return {
    kind: 'message_log',
    linkBase,
    async send(message) {
      await messageLog.send(db, 'email', message.to, message.link, message.verificationId, message.now);
      return { delivered: true };
    },
  };
}
