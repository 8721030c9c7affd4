import { z } from 'zod';

/**
 * BankID Relying Party API v6 (`/rp/v6.0/auth`, `/collect`, `/cancel`), the parts the hub uses, as zod schemas of
 * BankID's documented answers. Unknown fields are allowed (BankID adds fields within a version).
 */
export const BankIdAuthResponseSchema = z.object({
  orderRef: z.string().min(1).max(100),
  autoStartToken: z.string().min(1).max(100),
  qrStartToken: z.string().min(1).max(100).regex(/^[^.\s]+$/),
  qrStartSecret: z.string().min(1).max(100),
});
export type BankIdAuthResponse = z.infer<typeof BankIdAuthResponseSchema>;

export const BankIdCollectResponseSchema = z.discriminatedUnion('status', [
  z.object({ orderRef: z.string(), status: z.literal('pending'), hintCode: z.string().max(64).optional() }),
  z.object({ orderRef: z.string(), status: z.literal('failed'), hintCode: z.string().max(64).optional() }),
  z.object({
    orderRef: z.string(),
    status: z.literal('complete'),
    completionData: z.object({
      user: z.object({ personalNumber: z.string().regex(/^\d{12}$/), name: z.string(), givenName: z.string(), surname: z.string() }),
      device: z.object({ ipAddress: z.string() }).loose(),
      bankIdIssueDate: z.string(),
      signature: z.string(),
      ocspResponse: z.string(),
    }).loose(),
  }),
]);
export type BankIdCollectResponse = z.infer<typeof BankIdCollectResponseSchema>;

/** BankID's error body: `{errorCode, details}` on 4xx and 5xx. */
export const BankIdErrorSchema = z.object({ errorCode: z.string().max(64), details: z.string().max(1000).optional() });

/**
 * Why a call gave no usable answer. `tls`: the TLS handshake failed (our certificate refused, or the server's not
 * signed by the pinned CA); `rejected`: BankID answered an error code (`invalidParameters`, `unauthorized`, …);
 * `server_error`: 5xx (`internalError`, `maintenance`); `timeout`: no answer in time.
 */
export type BankIdCallFailure = {
  kind: 'tls' | 'rejected' | 'server_error' | 'timeout' | 'unreachable' | 'malformed_response';
  status?: number;
  errorCode?: string;
};

export type BankIdCall<T> = { ok: true; value: T } | { ok: false; failure: BankIdCallFailure };

export interface BankIdAuthRequest {
  /** The end user's IP as the relying party sees it: at a till showing the QR code, the till's address. */
  endUserIp: string;
  requirement: { certificatePolicies?: string[]; pinCode?: boolean };
}

/** A BankID Relying Party: the real API over mutual TLS, or a stand-in in the tests. Never throws. */
export interface BankIdRelyingParty {
  auth(request: BankIdAuthRequest): Promise<BankIdCall<BankIdAuthResponse>>;
  collect(orderRef: string): Promise<BankIdCall<BankIdCollectResponse>>;
  cancel(orderRef: string): Promise<BankIdCall<Record<string, never>>>;
  close(): Promise<void>;
}

/**
 * The requirement the hub sends: mobile BankID only (policy 1.2.752.78.1.5), since the till shows a QR code, which
 * only the mobile app can scan.
 */
export const TILL_AUTH_REQUIREMENT: BankIdAuthRequest['requirement'] = { certificatePolicies: ['1.2.752.78.1.5'] };
