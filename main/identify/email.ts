// E-mail addresses: trimmed, lower-cased, checked with a strict, linear scan (no regex backtracking).

export type EmailOutcome = { ok: true; email: string } | { ok: false; reason: 'invalid_email' };

/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;

/** Characters allowed in the local part (RFC 5322 atext, minus `?`, plus `.` between atoms). Lower case only. */
const LOCAL_CHARS = new Set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=^_`{|}~-.");

function isLabelChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
}

function isValidLocalPart(local: string): boolean {
  if (local.length === 0 || local.length > MAX_LOCAL_LENGTH) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  for (const ch of local) if (!LOCAL_CHARS.has(ch)) return false;
  return true;
}

function isValidDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > MAX_LABEL_LENGTH) return false;
    if (label.startsWith('-') || label.endsWith('-')) return false;
    for (let i = 0; i < label.length; i++) if (!isLabelChar(label.charCodeAt(i))) return false;
  }
  const tld = labels[labels.length - 1] ?? '';
  // A top-level domain is letters (or an IDN in punycode); this also rules out IP addresses.
  return tld.startsWith('xn--') || (tld.length >= 2 && /^[a-z]+$/.test(tld));
}

/**
 * Normalises an e-mail address (trim, lower-case) or rejects it with `invalid_email`.
 * Deliberately stricter than RFC 5322: one `@`, a dot-atom local part, a DNS domain with a letter TLD;
 * no quoted local parts, comments, IP literals or non-ASCII (internationalised addresses must be typed in punycode).
 */
export function normaliseEmail(input: string): EmailOutcome {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_EMAIL_LENGTH) return { ok: false, reason: 'invalid_email' };
  const email = trimmed.toLowerCase();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@')) return { ok: false, reason: 'invalid_email' };
  if (!isValidLocalPart(email.slice(0, at)) || !isValidDomain(email.slice(at + 1))) {
    return { ok: false, reason: 'invalid_email' };
  }
  return { ok: true, email };
}
