import { usageForCode, MODIFIER } from '../../keyboard/hidUsages';
import type { KeyStroke } from '../../keyboard/encodeText';

/**
 * Boot keyboard reports for key strokes, as a wedge scanner sends them: press (with its modifiers), then
 * release (all zero). Releasing between strokes is what makes "11" two presses.
 */
export function encodeKeyboardReports(strokes: readonly KeyStroke[], isoBackslash: boolean): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (const stroke of strokes) {
    const usage = usageForCode(stroke.code, isoBackslash);
    if (usage === undefined) throw new Error(`no HID usage for key ${stroke.code}`);
    const modifiers = (stroke.shift ? MODIFIER.leftShift : 0) | (stroke.altGr ? MODIFIER.rightAlt : 0) | (stroke.ctrl ? MODIFIER.leftCtrl : 0);
    reports.push(Uint8Array.of(modifiers, 0, usage, 0, 0, 0, 0, 0));
    reports.push(new Uint8Array(8));
  }
  return reports;
}
