import { encodeKeyboardReports } from '../hid/keyboard/encodeKeyboardReports';
import type { EmulatedHidDevice } from '../hid/emulatedHidBackend';
import type { HidPosReportFormat } from '../hid/pos/hidPosReportFormat';
import { encodeHidPosReports } from '../hid/pos/encodeHidPosReports';
import { encodeText } from '../keyboard/encodeText';
import type { KeyboardLayout } from '../keyboard/keyboardLayout';
import { sleep, type ScriptTarget } from './scriptPlayer';
import type { ScanStep } from './scanScript';

export type HidEmulationMode =
  | { mode: 'pos'; format: HidPosReportFormat }
  | { mode: 'wedge'; layout: KeyboardLayout };

/** The key a wedge scanner presses after the data. */
export type WedgeKey = 'enter' | 'tab' | 'none';

export class UnencodableScanError extends Error {
  override name = 'UnencodableScanError';
}

/** The reports an emulated HID scanner sends for one scan step. */
export function hidReportsForScan(step: ScanStep, emulation: HidEmulationMode, defaultWedgeSuffix: WedgeKey = 'enter'): Uint8Array[] {
  if (emulation.mode === 'pos') {
    const data = step.encoding === 'latin1' ? Uint8Array.from(step.data, (c) => c.charCodeAt(0) & 0xff) : new TextEncoder().encode(step.data);
    return encodeHidPosReports(data, emulation.format, step.aim);
  }
  const key: WedgeKey = step.suffix === undefined ? defaultWedgeSuffix : step.suffix === 'none' ? 'none' : step.suffix === 'tab' ? 'tab' : 'enter';
  const suffix = key === 'none' ? '' : key === 'tab' ? '\t' : '\r';
  const encoded = encodeText(emulation.layout, `${step.aim ?? ''}${step.data}${suffix}`);
  if (!encoded.ok) throw new UnencodableScanError(`a character of the scan cannot be typed on layout ${emulation.layout.id}`);
  return encodeKeyboardReports(encoded.strokes, emulation.layout.isoBackslash);
}

/** Plays script steps into an emulated HID device, through the same reports a real scanner sends. */
export function hidScriptTarget(device: EmulatedHidDevice, emulation: HidEmulationMode, defaults: { byteDelayMs: number; wedgeSuffix?: WedgeKey }): ScriptTarget {
  return {
    async scan(step, signal) {
      const reports = hidReportsForScan(step, emulation, defaults.wedgeSuffix);
      const delay = step.byteDelayMs ?? defaults.byteDelayMs;
      for (const [i, report] of reports.entries()) {
        if (signal.aborted) return;
        device.sendReport(report);
        if (delay > 0 && i < reports.length - 1) await sleep(delay, signal);
      }
    },
    async garbage(bytes) {
      device.sendReport(bytes);
    },
    async raw(_kind, bytes) {
      device.sendReport(bytes);
    },
    async unplug() {
      device.unplug();
    },
    async replug() {
      device.replug();
    },
  };
}
