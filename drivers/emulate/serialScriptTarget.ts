import type { ScriptTarget } from './scriptPlayer';
import type { SerialEmulator } from './serialEmulator';
import { serialScanBytes, type SerialScanFraming } from './serialScanBytes';

export interface SerialScriptDefaults extends SerialScanFraming {
  byteDelayMs: number;
  /** After a replug, how long to wait for the till to reopen the port before going on (0: do not wait). */
  reopenTimeoutMs: number;
}

/** Plays script steps into an emulated serial scanner. */
export function serialScriptTarget(emulator: SerialEmulator, defaults: SerialScriptDefaults): ScriptTarget {
  return {
    async scan(step, signal) {
      const framing: SerialScanFraming = {
        suffix: step.suffix ?? defaults.suffix,
        prefix: step.prefix ?? defaults.prefix,
        encoding: step.encoding ?? defaults.encoding,
      };
      await emulator.write(serialScanBytes(step.data, framing, step.aim), step.byteDelayMs ?? defaults.byteDelayMs, signal);
    },
    garbage: (bytes) => emulator.write(bytes),
    // A HID report in a serial script is a recording of another kind of device; its bytes are still bytes.
    raw: (_kind, bytes) => emulator.write(bytes),
    async unplug() {
      await emulator.unplug();
    },
    async replug() {
      await emulator.plug();
      if (defaults.reopenTimeoutMs > 0) await emulator.waitForTill(defaults.reopenTimeoutMs);
    },
  };
}
