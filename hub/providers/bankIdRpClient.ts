import https from 'node:https';
import type { ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BankIdCall, BankIdCallFailure, BankIdRelyingParty } from './bankIdRelyingParty';
import { BankIdAuthResponseSchema, BankIdCollectResponseSchema, BankIdErrorSchema } from './bankIdRelyingParty';

export interface BankIdRpConfig {
  /** e.g. https://appapi2.bankid.com/rp/v6.0 (production) or https://appapi2.test.bankid.com/rp/v6.0 (test). */
  url: string;
  /** The relying party certificate and key, PKCS#12. */
  pfx: Buffer;
  passphrase: string;
  /** The BankID CA (PEM) the server's certificate must chain to; nothing else is trusted. */
  ca: Buffer;
  /** Per call (default 5 s; the till's own poll gives up after 10 s). */
  timeoutMs?: number;
}

/** Reads the files named on the command line, and opens the .p12 once so a wrong passphrase fails at start. */
export function readBankIdRpFiles(files: { url: string; certFile: string; passphrase: string; caFile: string }): BankIdRpConfig {
  const url = z.url({ protocol: /^https$/ }).safeParse(files.url);
  if (!url.success) throw new Error('--bankid-url must be an https:// URL (e.g. https://appapi2.bankid.com/rp/v6.0)');
  const pfx = readFileSync(files.certFile);
  const ca = readFileSync(files.caFile);
  try {
    createSecureContext({ pfx, passphrase: files.passphrase });
  } catch {
    throw new Error('--bankid-cert cannot be opened with the passphrase given (--bankid-passphrase or TILLID_HUB_BANKID_PASSPHRASE)');
  }
  try {
    createSecureContext({ ca });
  } catch {
    throw new Error('--bankid-ca is not a PEM certificate');
  }
  return { url: url.data.replace(/\/+$/, ''), pfx, passphrase: files.passphrase, ca };
}

/**
 * The BankID Relying Party API v6 over mutual TLS: our certificate from the .p12, and only the configured BankID CA
 * trusted for the server (the system's CAs are not). Answers are parsed with zod; nothing is retried here (the
 * caller decides: a collect is repeated by the next poll, an auth is not).
 */
export function createBankIdRpClient(config: BankIdRpConfig, logger: Logger): BankIdRelyingParty {
  const agent = new https.Agent({ pfx: config.pfx, passphrase: config.passphrase, ca: config.ca, keepAlive: true, maxSockets: 32, minVersion: 'TLSv1.2' });
  const timeoutMs = config.timeoutMs ?? 5_000;

  function post<T>(method: 'auth' | 'collect' | 'cancel', body: unknown, schema: z.ZodType<T>): Promise<BankIdCall<T>> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: BankIdCall<T>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // The method and the failure's kind, status and BankID error code: never an orderRef, a token or a body.
        if (!outcome.ok) logger.warn({ method, ...outcome.failure }, 'a BankID call failed');
        resolve(outcome);
      };
      const fail = (failure: BankIdCallFailure): void => finish({ ok: false, failure });
      const payload = JSON.stringify(body);
      let request: ClientRequest;
      try {
        request = https.request(`${config.url}/${method}`, {
        method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > 256 * 1024) {
            response.destroy();
            fail({ kind: 'malformed_response', status: response.statusCode });
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', () => fail({ kind: 'unreachable' }));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return fail({ kind: status >= 500 ? 'server_error' : 'malformed_response', status });
          }
          if (status === 200) {
            const parsed = schema.safeParse(json);
            return parsed.success ? finish({ ok: true, value: parsed.data }) : fail({ kind: 'malformed_response', status });
          }
          const error = BankIdErrorSchema.safeParse(json);
          const errorCode = error.success ? error.data.errorCode : undefined;
          fail({ kind: status >= 500 ? 'server_error' : 'rejected', status, ...(errorCode === undefined ? {} : { errorCode }) });
        });
      });
      } catch {
        // The agent could not build a TLS context from the certificate (checked at start; kept for safety).
        return fail({ kind: 'tls' });
      }
      const timer: NodeJS.Timeout = setTimeout(() => {
        request.destroy();
        fail({ kind: 'timeout' });
      }, timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => fail({ kind: isTlsError(error) ? 'tls' : 'unreachable' }));
      request.end(payload);
    });
  }

  return {
    auth: (request) => post('auth', { endUserIp: request.endUserIp, requirement: request.requirement }, BankIdAuthResponseSchema),
    collect: (orderRef) => post('collect', { orderRef }, BankIdCollectResponseSchema),
    cancel: (orderRef) => post('cancel', { orderRef }, z.object({}).strict().or(z.object({}).loose()).transform(() => ({}))),
    close: async () => {
      agent.destroy();
    },
  };
}

/** Handshake failures: the server's certificate is not from the pinned CA, or ours was refused or missing. */
function isTlsError(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? '';
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|ERR_SSL|HOSTNAME/.test(code) || /alert|certificate/i.test(error.message);
}
