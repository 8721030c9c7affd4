import { DeviceConfigError, DeviceConfigSchema, describeConfigIssues, type DeviceConfig } from './deviceConfig';

/** Short query names the command line accepts for configuration fields. */
const ALIASES: Readonly<Record<string, string>> = {
  baud: 'baudRate',
  databits: 'dataBits',
  stopbits: 'stopBits',
  timeout: 'interByteTimeoutMs',
  max: 'maxFrameLength',
  serial: 'serialNumber',
  format: 'reportFormat',
  scan: 'scans',
  poll: 'pollMs',
};

const NUMERIC = new Set([
  'baudRate', 'dataBits', 'stopBits', 'interByteTimeoutMs', 'maxFrameLength', 'reconnectMinMs', 'reconnectMaxMs',
  'interKeyTimeoutMs', 'pollMs',
]);

const KINDS = ['serial', 'hid', 'hid-pos', 'hid-wedge', 'emulated-serial', 'emulated-hid'] as const;
const USB_IDENTITY = /^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})(?::(.+))?$/;

/**
 * A scanner given on the command line, e.g.
 * `serial:/dev/ttyACM0?baud=9600&suffix=cr`, `serial:0c2e:0b61?suffix=crlf`, `hid:0c2e:0b61`,
 * `hid:0c2e:0b61?mode=wedge&layout=sv`, `emulated-serial:demo?script=scans.jsonl`, `emulated-hid:demo?mode=wedge`.
 * Throws DeviceConfigError naming the field when it does not parse.
 */
export function parseScannerSpec(spec: string): DeviceConfig {
  const source = `"${spec}"`;
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new DeviceConfigError(source, [`kind: unknown scanner kind "${kind}" (expected ${KINDS.join(', ')})`]);
  }
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  const question = rest.indexOf('?');
  const target = decodeURIComponent(question < 0 ? rest : rest.slice(0, question));
  const raw: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(question < 0 ? '' : rest.slice(question + 1))) {
    const field = ALIASES[key.toLowerCase()] ?? key;
    if (field === 'scans') raw.scans = [...((raw.scans as string[] | undefined) ?? []), value];
    else raw[field] = NUMERIC.has(field) && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }

  switch (kind) {
    case 'serial':
    case 'hid':
    case 'hid-pos':
    case 'hid-wedge': {
      let type: string = kind;
      if (kind === 'hid') {
        const mode = raw.mode ?? 'pos';
        delete raw.mode;
        if (mode !== 'pos' && mode !== 'wedge') throw new DeviceConfigError(source, [`mode: expected pos or wedge, got "${String(mode)}"`]);
        type = `hid-${mode}`;
      }
      const usb = USB_IDENTITY.exec(target);
      if (usb && !target.startsWith('/')) {
        raw.vendorId = usb[1];
        raw.productId = usb[2];
        if (usb[3] !== undefined) raw.serialNumber = usb[3];
      } else if (target.length > 0) raw.path = target;
      raw.type = type;
      break;
    }
    default:
      raw.type = kind;
      if (target.length > 0) raw.name = target;
  }
  if (raw.type === 'hid-wedge' || raw.type === 'emulated-hid') {
    // On the command line `suffix` means the wedge's terminating key.
    if (raw.suffix !== undefined && raw.wedgeSuffix === undefined) {
      raw.wedgeSuffix = raw.suffix;
      delete raw.suffix;
    }
  }

  const parsed = DeviceConfigSchema.safeParse(raw);
  if (!parsed.success) throw new DeviceConfigError(source, describeConfigIssues(parsed.error));
  return parsed.data;
}
