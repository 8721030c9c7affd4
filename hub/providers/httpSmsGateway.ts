import { z } from 'zod';
import type { Logger } from 'pino';
import type { DeliveryOutcome, SmsCodeSender } from './deliveryOutcome';
import { smsCodeText } from './stepUpTexts';

export const SmsGatewayConfigSchema = z.object({
  /** The gateway's send endpoint, e.g. https://api.46elks.com/a1/sms. */
  url: z.url({ protocol: /^https?$/ }),
  user: z.string().min(1),
  password: z.string().min(1),
  /** The sender shown on the phone: up to 11 letters and digits, or a number in E.164. */
  from: z.string().regex(/^([A-Za-z][A-Za-z0-9]{2,10}|\+[1-9]\d{6,14})$/, 'an alphanumeric sender of 3-11 characters starting with a letter, or a +number'),
  /** Give up on one send after this long; the till's own request gives up after 10 s (default 4 s). */
  timeoutMs: z.number().int().min(100).max(8_000).default(4_000),
});
export type SmsGatewayConfig = z.input<typeof SmsGatewayConfigSchema>;

/**
 * An SMS gateway shaped like the Swedish ones (46elks, Cellsynt, …): one form POST of `from`, `to` and `message`,
 * HTTP basic auth. A 2xx is delivered; the body is not needed and not read beyond its status. A send is never
 * retried here: a lost answer may still mean a sent SMS, and the customer asks again within the send limit.
 */
export function createHttpSmsGateway(config: SmsGatewayConfig, logger: Logger): SmsCodeSender {
  const settings = SmsGatewayConfigSchema.parse(config);
  const authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}`;
  return {
    kind: 'gateway',
    async send(message): Promise<DeliveryOutcome> {
      const body = new URLSearchParams({ from: settings.from, to: message.to, message: smsCodeText(message.code) });
      let outcome: DeliveryOutcome;
      try {
        const response = await fetch(settings.url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) outcome = { delivered: true };
        else outcome = { delivered: false, reason: response.status >= 500 || response.status === 429 ? 'server_error' : 'refused' };
        if (!response.ok) logger.warn({ verificationId: message.verificationId, status: response.status }, 'the SMS gateway refused a step-up code');
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        outcome = { delivered: false, reason: timedOut ? 'in_doubt' : 'unreachable' };
        // The error's name only: a fetch error's message can quote the URL, and the cause the address.
        logger.warn({ verificationId: message.verificationId, err: error instanceof Error ? error.name : 'unknown', reason: outcome.reason }, 'the SMS gateway did not answer');
      }
      return outcome;
    },
  };
}
