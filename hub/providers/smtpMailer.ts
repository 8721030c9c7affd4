import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DeliveryOutcome, EmailLinkSender } from './deliveryOutcome';
import { emailLinkMail } from './stepUpTexts';

export const SmtpConfigSchema = z.object({
  /** smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://…:465. */
  url: z.string().regex(/^smtps?:\/\/\S+$/, 'an smtp:// or smtps:// URL'),
  from: z.email(),
  /** The hub's public address: the links in the mails point at `<publicUrl>/step-up/email/<token>`. */
  publicUrl: z.url({ protocol: /^https?$/ }),
  /** Give up on one mail after this long; the till's own request gives up after 10 s (default 4 s). */
  timeoutMs: z.number().int().min(100).max(8_000).default(4_000),
});
export type SmtpConfig = z.input<typeof SmtpConfigSchema>;

/**
 * Step-up links by e-mail over SMTP, with nodemailer (a connection per mail). A mail the server does not accept
 * within the timeout is `in_doubt` (it may still go out). Never retried here, as for SMS.
 */
export function createSmtpMailer(config: SmtpConfig, logger: Logger): EmailLinkSender {
  const settings = SmtpConfigSchema.parse(config);
  // The URL's settings, then ours: nodemailer logs nothing of its own (its logger would print addresses and the
  // SMTP dialogue), and every phase of a send gives up after the timeout.
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    logger: false,
    debug: false,
  } as SMTPTransport.Options);
  const linkBase = `${settings.publicUrl.replace(/\/+$/, '')}/step-up/email/`;
  return {
    kind: 'smtp',
    linkBase,
    async send(message): Promise<DeliveryOutcome> {
      const mail = emailLinkMail(message.link);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), settings.timeoutMs);
      });
      try {
        const sent = await Promise.race([transport.sendMail({ from: settings.from, to: message.to, subject: mail.subject, text: mail.text }), timeout]);
        if (sent === 'timeout') {
          logger.warn({ verificationId: message.verificationId, reason: 'in_doubt' }, 'the mail server did not answer in time');
          return { delivered: false, reason: 'in_doubt' };
        }
        if (sent.accepted.length === 0) {
          logger.warn({ verificationId: message.verificationId }, 'the mail server refused the recipient');
          return { delivered: false, reason: 'refused' };
        }
        return { delivered: true };
      } catch (error) {
        const reason = smtpFailure(error);
        // The code and the SMTP response code only: a message or a response can quote the address.
        const code = typeof error === 'object' && error !== null ? (error as { code?: unknown; responseCode?: unknown }) : {};
        logger.warn({ verificationId: message.verificationId, reason, code: typeof code.code === 'string' ? code.code : undefined, responseCode: typeof code.responseCode === 'number' ? code.responseCode : undefined }, 'the mail server did not take a step-up link');
        return { delivered: false, reason };
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      transport.close();
    },
  };
}

/** 5xx SMTP replies are refusals; 4xx are the server's temporary trouble; no connection is unreachable. */
function smtpFailure(error: unknown): Exclude<DeliveryOutcome, { delivered: true }>['reason'] {
  const e = typeof error === 'object' && error !== null ? (error as { code?: unknown; responseCode?: unknown }) : {};
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 ? 'refused' : 'server_error';
  if (e.code === 'ETIMEDOUT') return 'in_doubt';
  if (e.code === 'ECONNECTION' || e.code === 'EDNS' || e.code === 'ESOCKET') return 'unreachable';
  return 'in_doubt';
}
