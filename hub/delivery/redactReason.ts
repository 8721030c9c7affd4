/**
 * A CRM's reason as the hub keeps and shows it: one line, at most 200 characters, with anything that looks like an
 * e-mail address or a phone, card or personal number (a run of 6 or more digits, spaces and dashes allowed) replaced
 * by `…`. A connector should answer codes (`InvalidEmail`), but a foreign API may quote the value it refused, and the
 * reason reaches the admin API, the fleet page and the logs.
 */
export function redactReason(reason: string): string {
  return reason
    .replace(/[^\s@]+@[^\s@]+/g, '…')
    .replace(/\+?\d(?:[\d\s-]{4,}\d)/g, (run) => (run.replace(/\D/g, '').length >= 6 ? '…' : run))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}
