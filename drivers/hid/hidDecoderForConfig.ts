import type { EmulatedHidDeviceConfig, HidPosDeviceConfig, HidWedgeDeviceConfig } from '../deviceConfig';
import { LAYOUTS } from '../keyboard/layouts';
import { hexToBytes } from '../scan/hex';
import { KeyboardWedgeDecoder } from './keyboard/keyboardWedgeDecoder';
import { HID_POS_REPORT_FORMATS, type HidPosReportFormat } from './pos/hidPosReportFormat';
import { HidPosDecoder } from './pos/hidPosDecoder';
import { quirkFor } from './pos/hidPosQuirks';
import type { ReportDecoder } from './reportDecoder';

type HidConfig = HidPosDeviceConfig | HidWedgeDeviceConfig | EmulatedHidDeviceConfig;

export function hidRole(config: HidConfig): 'pos' | 'wedge' {
  if (config.type === 'emulated-hid') return config.mode;
  return config.type === 'hid-pos' ? 'pos' : 'wedge';
}

/** The report layout: as configured, else from the vendor quirk table, else the standard HID-POS one. */
export function hidPosFormatFor(config: HidConfig): HidPosReportFormat {
  const quirk = quirkFor(config.vendorId, config.productId);
  return HID_POS_REPORT_FORMATS[config.reportFormat ?? quirk?.format ?? 'standard'];
}

/** The feature report to send after opening: configured, else the quirk table's, else none. */
export function enableReportFor(config: HidConfig): Uint8Array | undefined {
  if (config.enableReport) return hexToBytes(config.enableReport);
  const quirk = quirkFor(config.vendorId, config.productId);
  return quirk?.enableFeatureReport ? Uint8Array.from(quirk.enableFeatureReport) : undefined;
}

export function hidDecoderFactory(config: HidConfig): () => ReportDecoder {
  if (hidRole(config) === 'pos') {
    const format = hidPosFormatFor(config);
    return () => new HidPosDecoder({ format, maxFrameLength: config.maxFrameLength, encoding: config.encoding });
  }
  const layout = LAYOUTS[config.layout];
  return () => new KeyboardWedgeDecoder({ layout, suffix: config.wedgeSuffix, maxFrameLength: config.maxFrameLength });
}
