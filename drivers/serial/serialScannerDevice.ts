import type { Logger } from 'pino';
import { PortScannerDevice } from '../device/portScannerDevice';
import { createFramer } from '../framing/createFramer';
import type { SerialPrefix, SerialSuffix } from '../framing/suffixes';
import { decodeLabelBytes, type TextEncoding } from '../scan/decodeLabelBytes';
import type { Transport } from '../scanEvent';
import type { SerialAccess } from './serialAccess';
import { createSerialPortBinding, type SerialPortTarget } from './serialPortBinding';

export interface SerialScannerSettings extends SerialPortTarget {
  suffix: SerialSuffix;
  prefix: SerialPrefix;
  interByteTimeoutMs?: number | undefined;
  maxFrameLength: number;
  encoding: TextEncoding;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export interface SerialScannerDeps {
  id: string;
  transport: Transport;
  logger: Logger;
  now: () => number;
  serial: SerialAccess;
}

/** A scanner on a serial line (RS-232 or USB-CDC): the port-binding life cycle over serialport and a framer. */
export class SerialScannerDevice extends PortScannerDevice {
  constructor(settings: SerialScannerSettings, deps: SerialScannerDeps) {
    super(
      {
        createDecoder: () => {
          const framer = createFramer({ suffix: settings.suffix, prefix: settings.prefix, maxFrameLength: settings.maxFrameLength });
          const decode = (outputs: ReturnType<typeof framer.push>) =>
            outputs.map((o) => (o.kind === 'frame' ? { ...o, text: decodeLabelBytes(o.bytes, settings.encoding) } : o));
          return { push: (chunk, at) => decode(framer.push(chunk, at)), silence: (at) => decode(framer.silence(at)), hasPending: () => framer.hasPending() };
        },
        // Without a suffix, silence is what ends a frame: keep it short.
        silenceMs: settings.interByteTimeoutMs ?? (settings.suffix === 'none' ? 50 : 1000),
        reconnectMinMs: settings.reconnectMinMs,
        reconnectMaxMs: settings.reconnectMaxMs,
      },
      createSerialPortBinding(settings, deps.serial, { logger: deps.logger, deviceId: deps.id }),
      deps,
    );
  }
}
