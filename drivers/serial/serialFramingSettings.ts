import type { EmulatedSerialDeviceConfig, SerialDeviceConfig } from '../deviceConfig';
import type { SerialScannerSettings } from './serialScannerDevice';

export type SerialFramingSettings = Pick<
  SerialScannerSettings,
  'suffix' | 'prefix' | 'interByteTimeoutMs' | 'maxFrameLength' | 'encoding' | 'reconnectMinMs' | 'reconnectMaxMs'
>;

/** How a serial line is framed and reopened: the same fields for a physical port and the emulated one. */
export function serialFramingSettings(config: SerialDeviceConfig | EmulatedSerialDeviceConfig): SerialFramingSettings {
  return {
    suffix: config.suffix,
    prefix: config.prefix,
    interByteTimeoutMs: config.interByteTimeoutMs,
    maxFrameLength: config.maxFrameLength,
    encoding: config.encoding,
    reconnectMinMs: config.reconnectMinMs,
    reconnectMaxMs: config.reconnectMaxMs,
  };
}
