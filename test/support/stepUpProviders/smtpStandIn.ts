import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it receives: the envelope and the
 * raw message. It requires AUTH (allowed without TLS: loopback only) and answers queued faults at RCPT TO: a
 * permanent 550, a temporary 451, or no answer at all.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The text with quoted-printable soft breaks and escapes undone, for finding the link. */
  text: string;
}

export type SmtpFault = 'reject' | 'tempFail' | 'hang';

export interface SmtpStandIn {
  /** smtp://user:pass@127.0.0.1:<port> */
  url: string;
  user: string;
  password: string;
  mails: ReceivedMail[];
  fault(fault: SmtpFault): void;
  close(): Promise<void>;
}

function decodeQuotedPrintable(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(unfolded[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export async function startSmtpStandIn(credentials = { user: 'hub-mailer', password: 'smtp-secret-password' }): Promise<SmtpStandIn> {
  const mails: ReceivedMail[] = [];
  const faults: SmtpFault[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A hung session must not hold close() for the default 30 s.
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const fault = faults.shift();
      if (fault === 'hang') return;
      if (fault === 'reject') return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      if (fault === 'tempFail') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${credentials.user}:${credentials.password}@127.0.0.1:${port}`,
    ...credentials,
    mails,
    fault: (fault) => faults.push(fault),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
