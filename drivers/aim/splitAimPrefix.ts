/**
 * An AIM symbology identifier (ISO/IEC 15424) at the start of a label: `]`, a code character, a modifier.
 * Scanners send it when "transmit AIM ID" is on, e.g. `]E07350053850019`.
 */
export interface AimSplit {
  aimId: string;
  rest: string;
}

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

export function splitAimPrefix(text: string): AimSplit | null {
  if (!AIM_PREFIX.test(text)) return null;
  return { aimId: text.slice(0, 3), rest: text.slice(3) };
}

/** True when three bytes or characters look like an AIM identifier (used for the HID-POS report field). */
export function isAimId(candidate: string): boolean {
  return candidate.length === 3 && AIM_PREFIX.test(candidate);
}
