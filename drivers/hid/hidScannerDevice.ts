import type { Logger } from 'pino';
import { PortScannerDevice } from '../device/portScannerDevice';
import type { Transport } from '../scanEvent';
import type { HidBackend } from './hidBackend';
import { createHidPortBinding, type HidPortTarget } from './hidPortBinding';
import type { ReportDecoder } from './reportDecoder';

export interface HidScannerSettings extends HidPortTarget {
  /** A fresh decoder per connection (a replug must not inherit half a code). */
  createDecoder: () => ReportDecoder;
  silenceMs: number;
  /** While the device is missing, look again quickly at first, then every `pollMs`. */
  pollMs: number;
}

export interface HidScannerDeps {
  id: string;
  transport: Transport;
  logger: Logger;
  now: () => number;
  hid: HidBackend;
}

/** A HID scanner (HID-POS or keyboard wedge): the port-binding life cycle over a HID backend and a report decoder. */
export class HidScannerDevice extends PortScannerDevice {
  constructor(settings: HidScannerSettings, deps: HidScannerDeps) {
    super(
      { createDecoder: settings.createDecoder, silenceMs: settings.silenceMs, reconnectMinMs: Math.min(250, settings.pollMs), reconnectMaxMs: settings.pollMs },
      createHidPortBinding(settings, deps.hid, { logger: deps.logger, deviceId: deps.id }),
      deps,
    );
  }
}
