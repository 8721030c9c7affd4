import type { SerialPortInfo } from './serialAccess';

export interface SerialIdentity {
  vendorId: number;
  productId: number;
  serialNumber?: string | undefined;
}

/** The port of a USB serial device by its identity (what survives a replug into another USB socket). */
export function findSerialPort(ports: readonly SerialPortInfo[], identity: SerialIdentity): SerialPortInfo | undefined {
  return ports.find(
    (p) =>
      p.vendorId !== undefined &&
      p.productId !== undefined &&
      Number.parseInt(p.vendorId, 16) === identity.vendorId &&
      Number.parseInt(p.productId, 16) === identity.productId &&
      (identity.serialNumber === undefined || p.serialNumber === identity.serialNumber),
  );
}

export function describeSerialIdentity(identity: SerialIdentity): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return `USB ${hex(identity.vendorId)}:${hex(identity.productId)}${identity.serialNumber ? ` (serial ${identity.serialNumber})` : ''}`;
}
