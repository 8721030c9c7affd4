import type { Symbology } from '../scanEvent';

/** AIM code characters (ISO/IEC 15424) for the symbologies we name. Others map to `null` (not named). */
const BY_CODE_CHARACTER: Readonly<Record<string, Symbology>> = {
  A: 'code39',
  C: 'code128',
  F: 'codabar',
  G: 'code93',
  I: 'itf',
  L: 'pdf417',
  Q: 'qr',
  d: 'datamatrix',
  e: 'gs1-databar',
  z: 'aztec',
};

/**
 * The symbology an AIM identifier names, or null when it names none we know (`]X0` "other", `]Z0` keyboard, …).
 * `]E` covers the EAN/UPC family: the modifier says EAN-8 (`4`), otherwise the length of the label tells
 * UPC-A (12), UPC-E (8 after `]E0`) from EAN-13.
 */
export function symbologyFromAim(aimId: string, label: string): Symbology | null {
  const code = aimId[1] ?? '';
  const modifier = aimId[2] ?? '';
  if (code === 'E') {
    if (modifier === '4') return 'ean8';
    const digits = /^\d+/.exec(label)?.[0] ?? '';
    if (digits.length === 12) return 'upca';
    if (digits.length === 8 || digits.length === 7) return 'upce';
    return 'ean13';
  }
  return BY_CODE_CHARACTER[code] ?? null;
}
