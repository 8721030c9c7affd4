import { z } from 'zod';
import { SerialPrefixSchema, SerialSuffixSchema } from './framing/suffixes';
import { WedgeSuffixSchema } from './hid/keyboard/keyboardWedgeDecoder';
import { HidPosReportFormatIdSchema } from './hid/pos/hidPosReportFormat';
import { LayoutIdSchema } from './keyboard/keyboardLayout';
import { TextEncodingSchema } from './scan/decodeLabelBytes';

/** A USB vendor or product id: a number, or hex as printed by lsusb ("0c2e", "0x0c2e"). */
export const UsbIdSchema = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'expected a USB id in hex, such as 0c2e')
    .transform((hex) => Number.parseInt(hex.replace(/^0x/i, ''), 16)),
]);

const common = {
  /** Stable id for events and the API; derived from the identity when absent. */
  id: z.string().min(1).max(128).optional(),
};

const hidIdentity = {
  path: z.string().min(1).optional(),
  vendorId: UsbIdSchema.optional(),
  productId: UsbIdSchema.optional(),
  serialNumber: z.string().min(1).max(128).optional(),
};

const serialLine = {
  baudRate: z.number().int().min(50).max(4_000_000).default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
};

const serialFraming = {
  suffix: SerialSuffixSchema.default('cr'),
  prefix: SerialPrefixSchema.default('none'),
  /**
   * Silence, in ms, that ends a frame when `suffix` is none (default 50), or that abandons a frame whose
   * suffix never came (default 1000), so a lost CR cannot merge two scans.
   */
  interByteTimeoutMs: z.number().int().min(1).max(60_000).optional(),
  maxFrameLength: z.number().int().min(1).max(1 << 20).default(4096),
  encoding: TextEncodingSchema.default('utf8'),
};

const reconnect = {
  reconnectMinMs: z.number().int().min(10).max(60_000).default(200),
  reconnectMaxMs: z.number().int().min(10).max(600_000).default(5000),
};

const hidDecoding = {
  maxFrameLength: z.number().int().min(1).max(1 << 20).default(8192),
  encoding: TextEncodingSchema.default('utf8'),
  /** HID-POS report layout; by default from the vendor quirk table, else the standard one. */
  reportFormat: HidPosReportFormatIdSchema.optional(),
  /** Hex bytes of a feature report sent after opening (scanners that wait to be enabled). */
  enableReport: z.string().regex(/^([0-9a-fA-F]{2})+$/, 'expected hex bytes, such as 0201').optional(),
  /** Keyboard wedge: the layout the scanner is set to type in. */
  layout: LayoutIdSchema.default('us'),
  /** Keyboard wedge: the key that ends a scan. */
  wedgeSuffix: WedgeSuffixSchema.default('enter-or-tab'),
  /** Silence that abandons (or, with no suffix, ends) a frame, in ms. */
  interKeyTimeoutMs: z.number().int().min(1).max(60_000).default(500),
  /** How often to look for the device while it is missing (node-hid has no plug events). */
  pollMs: z.number().int().min(100).max(60_000).default(2000),
};

function hasIdentity(c: { path?: string | undefined; vendorId?: number | undefined; productId?: number | undefined }): boolean {
  return c.path !== undefined || (c.vendorId !== undefined && c.productId !== undefined);
}
const identityMessage = { message: 'give a path, or both vendorId and productId', path: ['path'] };

export const SerialDeviceConfigSchema = z
  .strictObject({ type: z.literal('serial'), ...common, ...hidIdentity, ...serialLine, ...serialFraming, ...reconnect })
  .refine(hasIdentity, identityMessage);

export const HidPosDeviceConfigSchema = z
  .strictObject({ type: z.literal('hid-pos'), ...common, ...hidIdentity, ...hidDecoding })
  .refine(hasIdentity, identityMessage);

export const HidWedgeDeviceConfigSchema = z
  .strictObject({ type: z.literal('hid-wedge'), ...common, ...hidIdentity, ...hidDecoding })
  .refine(hasIdentity, identityMessage);

const emulation = {
  /** Name of the emulated device (shown in `tillid devices`-like descriptions). */
  name: z.string().min(1).max(64).default('emulated'),
  /** A script (JSON lines, see docs/hardware.md) played once the device is online. */
  script: z.string().min(1).optional(),
  /** Labels sent once the device is online, one scan each. */
  scans: z.array(z.string()).max(10_000).default([]),
};

/** A pseudo-terminal created in-process and opened with serialport like a real scanner (needs python3). */
export const EmulatedSerialDeviceConfigSchema = z.strictObject({
  type: z.literal('emulated-serial'),
  ...common,
  ...emulation,
  /** Where the stable symlink to the pty goes; a temporary path by default. */
  link: z.string().min(1).optional(),
  ...serialFraming,
  ...reconnect,
});

/** Which decoder an emulated HID device goes through. */
export const HidEmulationModeSchema = z.enum(['pos', 'wedge']);

/** A HID device on the in-process emulated bus, read through the HID-POS or keyboard-wedge decoder. */
export const EmulatedHidDeviceConfigSchema = z.strictObject({
  type: z.literal('emulated-hid'),
  ...common,
  ...emulation,
  mode: HidEmulationModeSchema.default('pos'),
  vendorId: UsbIdSchema.default(0x0c2e),
  productId: UsbIdSchema.default(0x0001),
  ...hidDecoding,
  pollMs: z.number().int().min(10).max(60_000).default(250),
});

/** One scanner in the till's configuration file (`devices: [...]`), discriminated by `type`. */
export const DeviceConfigSchema = z.discriminatedUnion('type', [
  SerialDeviceConfigSchema,
  HidPosDeviceConfigSchema,
  HidWedgeDeviceConfigSchema,
  EmulatedSerialDeviceConfigSchema,
  EmulatedHidDeviceConfigSchema,
]);

export type DeviceConfig = z.output<typeof DeviceConfigSchema>;
export type DeviceConfigInput = z.input<typeof DeviceConfigSchema>;
export type SerialDeviceConfig = z.output<typeof SerialDeviceConfigSchema>;
export type HidPosDeviceConfig = z.output<typeof HidPosDeviceConfigSchema>;
export type HidWedgeDeviceConfig = z.output<typeof HidWedgeDeviceConfigSchema>;
export type EmulatedSerialDeviceConfig = z.output<typeof EmulatedSerialDeviceConfigSchema>;
export type EmulatedHidDeviceConfig = z.output<typeof EmulatedHidDeviceConfigSchema>;
export type DeviceType = DeviceConfig['type'];

/** One line per problem, naming the field: `baudRate: Invalid input: expected number, received string`. */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(device)'}: ${issue.message}`);
}

/** A device configuration that does not parse; `issues` name the fields. */
export class DeviceConfigError extends Error {
  constructor(readonly source: string, readonly issues: string[]) {
    super(`invalid scanner ${source}: ${issues.join('; ')}`);
    this.name = 'DeviceConfigError';
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** The id a device gets when its configuration names none: its transport and identity. */
export function defaultDeviceId(config: DeviceConfig): string {
  if (config.id) return config.id;
  switch (config.type) {
    case 'emulated-serial':
    case 'emulated-hid':
      return `${config.type}:${config.name}`;
    default: {
      if (config.vendorId !== undefined && config.productId !== undefined)
        return `${config.type}:${hex4(config.vendorId)}:${hex4(config.productId)}${config.serialNumber ? `:${config.serialNumber}` : ''}`;
      return `${config.type}:${config.path ?? 'unknown'}`;
    }
  }
}
