import type { Command } from 'commander';
import type { Logger } from 'pino';
import { createBankIdRpClient, readBankIdRpFiles } from '../../../hub/providers/bankIdRpClient';
import { createHttpSmsGateway, SmsGatewayConfigSchema } from '../../../hub/providers/httpSmsGateway';
import { createSmtpMailer, SmtpConfigSchema } from '../../../hub/providers/smtpMailer';
import type { StepUpProviders } from '../../../hub/providers/stepUpProviders';

export interface StepUpProviderFlags {
  bankidUrl?: string;
  bankidCert?: string;
  bankidPassphrase?: string;
  bankidCa?: string;
  smsUrl?: string;
  smsUser?: string;
  smsPassword?: string;
  smsFrom?: string;
  smtpUrl?: string;
  mailFrom?: string;
  publicUrl?: string;
}

/** `tillid hub`'s step-up provider flags. Secrets may come from the environment instead (`ps` shows flags). */
export function addStepUpProviderOptions(command: Command): Command {
  return command
    .option('--bankid-url <url>', 'BankID RP API v6 (e.g. https://appapi2.bankid.com/rp/v6.0); without it BankID is simulated')
    .option('--bankid-cert <file.p12>', 'the relying party certificate and key (PKCS#12)')
    .option('--bankid-passphrase <p>', 'its passphrase (or set TILLID_HUB_BANKID_PASSPHRASE)')
    .option('--bankid-ca <file.pem>', 'the BankID CA the server must chain to (the only CA trusted)')
    .option('--sms-url <url>', 'the SMS gateway\'s send endpoint (form POST of from, to, message; basic auth); without it codes go to the admin API\'s log')
    .option('--sms-user <user>', 'the gateway\'s API user')
    .option('--sms-password <password>', 'the gateway\'s API password (or set TILLID_HUB_SMS_PASSWORD)')
    .option('--sms-from <sender>', 'the sender shown on the phone (3-11 letters and digits, or a +number)')
    .option('--smtp-url <url>', 'smtp:// or smtps:// server for e-mail links (or set TILLID_HUB_SMTP_URL); without it links go to the admin API\'s log')
    .option('--mail-from <address>', 'the From of the link mails')
    .option('--public-url <url>', 'the hub\'s public address, which the mailed links point at (https://…)');
}

/** The first problem's field names only: a zod issue could otherwise carry a password or a URL with credentials. */
function refuse(flags: string, detail: string): never {
  throw new Error(`${flags}: ${detail}`);
}

/**
 * The real providers the flags name; each group is all or nothing, and a group left out keeps the demo's.
 * Throws a plain sentence (never quoting a secret) when a group is incomplete or its files cannot be read.
 */
export function stepUpProvidersFromFlags(flags: StepUpProviderFlags, env: NodeJS.ProcessEnv, logger: Logger): Partial<StepUpProviders> {
  const providers: Partial<StepUpProviders> = {};
  const passphrase = flags.bankidPassphrase ?? env.TILLID_HUB_BANKID_PASSPHRASE;
  if (flags.bankidUrl !== undefined || flags.bankidCert !== undefined || flags.bankidCa !== undefined) {
    if (flags.bankidUrl === undefined || flags.bankidCert === undefined || flags.bankidCa === undefined || passphrase === undefined) {
      refuse('--bankid-url, --bankid-cert, --bankid-ca and --bankid-passphrase', 'BankID needs all four (the passphrase may come from TILLID_HUB_BANKID_PASSPHRASE)');
    }
    let files;
    try {
      files = readBankIdRpFiles({ url: flags.bankidUrl, certFile: flags.bankidCert, passphrase, caFile: flags.bankidCa });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' || code === 'EACCES' ? `cannot read ${(error as NodeJS.ErrnoException).path ?? 'a BankID file'} (${code})` : (error as Error).message);
    }
    providers.bankId = createBankIdRpClient(files, logger);
  }
  const smsPassword = flags.smsPassword ?? env.TILLID_HUB_SMS_PASSWORD;
  if (flags.smsUrl !== undefined || flags.smsUser !== undefined || flags.smsFrom !== undefined) {
    const parsed = SmsGatewayConfigSchema.safeParse({ url: flags.smsUrl, user: flags.smsUser, password: smsPassword, from: flags.smsFrom });
    if (!parsed.success) {
      refuse('--sms-url, --sms-user, --sms-password and --sms-from', `an SMS gateway needs all four (the password may come from TILLID_HUB_SMS_PASSWORD); check ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    providers.sms = createHttpSmsGateway(parsed.data, logger);
  }
  const smtpUrl = flags.smtpUrl ?? env.TILLID_HUB_SMTP_URL;
  if (smtpUrl !== undefined || flags.mailFrom !== undefined) {
    const parsed = SmtpConfigSchema.safeParse({ url: smtpUrl, from: flags.mailFrom, publicUrl: flags.publicUrl });
    if (!parsed.success) {
      refuse('--smtp-url, --mail-from and --public-url', `e-mail links need all three (the SMTP URL may come from TILLID_HUB_SMTP_URL); check ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    providers.email = createSmtpMailer(parsed.data, logger);
  }
  return providers;
}

/** One line per real provider for the banner; nothing secret. */
export function stepUpProviderLines(providers: Partial<StepUpProviders>): string[] {
  return [
    `step-up: SMS ${providers.sms ? 'through the gateway' : 'to the admin API\'s log (demo)'}, e-mail links ${providers.email ? `over SMTP (links to ${providers.email.linkBase})` : 'to the admin API\'s log (demo)'}, BankID ${providers.bankId ? 'through the RP API' : 'simulated (demo)'}`,
  ];
}
