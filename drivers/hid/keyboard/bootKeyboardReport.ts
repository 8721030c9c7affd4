/** One boot-protocol keyboard report: modifier bits and up to six pressed keys (HID usages), in slot order. */
export interface BootKeyboardReport {
  modifiers: number;
  keys: number[];
}

export type BootReportParse = { ok: true; report: BootKeyboardReport } | { ok: false; reason: 'length' | 'rollover' };

const ERROR_ROLLOVER = 0x01;
/** Usages 0x00–0x03 are "no key" and error codes, not keys. */
const FIRST_KEY_USAGE = 0x04;

/**
 * Reads an 8-byte boot keyboard report ([modifiers, reserved, k1…k6]); a 9-byte report is the same with a
 * report id in front (keyboards that share an interface). Anything else is not a boot keyboard report.
 * A rollover report (every slot 0x01: too many keys) carries no key state and is set apart.
 */
export function parseBootKeyboardReport(bytes: Uint8Array): BootReportParse {
  const body = bytes.length === 8 ? bytes : bytes.length === 9 ? bytes.subarray(1) : null;
  if (!body) return { ok: false, reason: 'length' };
  const slots = Array.from(body.subarray(2, 8));
  if (slots.every((k) => k === ERROR_ROLLOVER)) return { ok: false, reason: 'rollover' };
  return { ok: true, report: { modifiers: body[0]!, keys: slots.filter((k) => k >= FIRST_KEY_USAGE) } };
}
