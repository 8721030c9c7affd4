/**
 * What handing a message to an SMS gateway or a mail server came to. `in_doubt`: the request went out but no answer
 * came back (a timeout, a reset), so the message may or may not arrive. Reasons are fixed words: never a body, an
 * address or a credential.
 */
export type DeliveryOutcome =
  | { delivered: true }
  | { delivered: false; reason: 'refused' | 'server_error' | 'unreachable' | 'in_doubt' | 'malformed_response' };

/** An SMS with a step-up code to one number (E.164). */
export interface SmsCodeMessage {
  to: string;
  code: string;
  verificationId: string;
  now: number;
}

/** An e-mail with a step-up link to one address. */
export interface EmailLinkMessage {
  to: string;
  link: string;
  verificationId: string;
  now: number;
}

export interface SmsCodeSender {
  /** `gateway`: a real SMS gateway; `message_log`: the demo's log, read back through the admin API. */
  readonly kind: 'gateway' | 'message_log';
  send(message: SmsCodeMessage): Promise<DeliveryOutcome>;
  close?(): Promise<void>;
}

export interface EmailLinkSender {
  readonly kind: 'smtp' | 'message_log';
  /** Where the links point: the hub's public address and path, ending in `/`. */
  readonly linkBase: string;
  send(message: EmailLinkMessage): Promise<DeliveryOutcome>;
  close?(): Promise<void>;
}
