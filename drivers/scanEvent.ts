import { z } from 'zod';

/** How a device reaches us. */
export const TransportSchema = z.enum(['serial', 'hid-pos', 'hid-wedge', 'window-wedge', 'typed', 'emulated-serial', 'emulated-hid']);
export type Transport = z.infer<typeof TransportSchema>;

/** Symbologies we name; anything else is `unknown`. */
export const SymbologySchema = z.enum([
  'qr', 'ean13', 'ean8', 'upca', 'upce', 'code128', 'code39', 'code93', 'itf', 'codabar',
  'datamatrix', 'pdf417', 'aztec', 'gs1-databar', 'magstripe', 'unknown',
]);
export type Symbology = z.infer<typeof SymbologySchema>;

/**
 * One scan, the same whatever the transport. `label` has prefix, suffix and AIM identifier stripped.
 * `raw` is base64 of the bytes as they arrived (for diagnostics and `tillid record`); it never reaches a log.
 */
export const ScanEventSchema = z.object({
  deviceId: z.string().min(1),
  transport: TransportSchema,
  label: z.string(),
  raw: z.string(),
  symbology: SymbologySchema,
  /** The AIM identifier as received, e.g. "]Q1"; absent when the device sent none. */
  aimId: z.string().optional(),
  /** True when the symbology was guessed from the content rather than given by an AIM identifier. */
  symbologyGuessed: z.boolean(),
  /** Epoch milliseconds when the last byte arrived. */
  receivedAt: z.number(),
  /** Milliseconds from the first to the last byte of the frame. */
  transmitMs: z.number().nonnegative(),
});
export type ScanEvent = z.infer<typeof ScanEventSchema>;

export const DeviceStateSchema = z.enum(['connecting', 'online', 'offline', 'error']);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const DeviceStatusSchema = z.object({
  deviceId: z.string(),
  transport: TransportSchema,
  state: DeviceStateSchema,
  /** A human description: "Honeywell 1900 on /dev/ttyACM0". No scanned data. */
  description: z.string(),
  /** When the state is error/offline: where it happened and what the driver does next. */
  error: z.object({ where: z.string(), message: z.string(), next: z.string() }).optional(),
  since: z.number(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
