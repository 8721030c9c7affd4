import type { Symbology } from '../scanEvent';
import { hasValidGtinCheckDigit } from './gtinCheckDigit';

/**
 * A modest guess from the content when the device sent no AIM identifier. Only shapes that are hard to
 * mistake are named (GTINs with a valid check digit, magnetic track data, our member QR, URLs);
 * everything else is `unknown`.
 */
export function guessSymbology(label: string): Symbology {
  if (/^\d+$/.test(label) && hasValidGtinCheckDigit(label)) {
    if (label.length === 13) return 'ean13';
    if (label.length === 8) return 'ean8';
    if (label.length === 12) return 'upca';
  }
  if (/^%B\d{1,19}\^/.test(label) || /^;\d{1,19}=/.test(label)) return 'magstripe';
  if (label.startsWith('TID1.') || /^https?:\/\//i.test(label)) return 'qr';
  return 'unknown';
}
