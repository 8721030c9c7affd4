import { charForKey } from './charForKey';
import { encodeText } from './encodeText';
import type { LayoutId } from './keyboardLayout';
import { LAYOUTS } from './layouts';

/**
 * The calibration barcode's content. Each character sits on a different key or level on some layout:
 * `a` and `q` swap on AZERTY, `y` and `z` on QWERTZ, `/` `-` `:` move on the ISO layouts, AZERTY digits are
 * shifted. Print it as a Code 128 or QR label and scan it once with the scanner to set up.
 */
export const CALIBRATION_LABEL = 'Tillid/layout-azqy:1';

/** What each layout's scanner types for the calibration label, read as if it were a US keyboard. */
export function calibrationAsTypedUnderUs(layout: LayoutId): string {
  const encoded = encodeText(LAYOUTS[layout], CALIBRATION_LABEL);
  if (!encoded.ok) throw new Error(`calibration label cannot be typed on layout ${layout}`);
  return encoded.strokes
    .map((s) => charForKey(LAYOUTS.us, s.code, { shift: s.shift, altGr: s.altGr, ctrl: s.ctrl }) ?? '\uFFFD')
    .join('');
}

/**
 * The scanner's keyboard layout, from the calibration label as decoded under US (what a hidraw wedge or
 * a key-code listener gets before any layout is chosen). Null when the text is not the calibration label.
 */
export function detectLayout(decodedUnderUs: string): LayoutId | null {
  for (const id of Object.keys(LAYOUTS) as LayoutId[]) if (calibrationAsTypedUnderUs(id) === decodedUnderUs) return id;
  return null;
}
