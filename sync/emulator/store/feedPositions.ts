/**
 * The emulator's encoding of the opaque cursor and bootstrap page token. Tills never parse these:
 * only this file does. The epoch changes when the CRM's data is reset, so positions from before expire.
 */
export interface BootstrapPosition {
  epoch: string;
  /** Feed position when the snapshot began: the cursor handed over on the last page. */
  snapshotSeq: number;
  /** Last profile row number served. */
  afterSeq: number;
  /** Profiles when the snapshot began. */
  total: number;
}

export function encodeCursor(epoch: string, seq: number): string {
  return `c.${epoch}.${seq}`;
}

/** The sequence number in a cursor of this epoch; null when malformed or from another epoch. */
export function decodeCursor(cursor: string, epoch: string): { seq: number } | { foreignEpoch: true } | null {
  const m = /^c\.([a-z0-9]+)\.(\d{1,15})$/.exec(cursor);
  if (!m) return null;
  if (m[1] !== epoch) return { foreignEpoch: true };
  return { seq: Number(m[2]) };
}

export function encodePageToken(p: BootstrapPosition): string {
  return `b.${p.epoch}.${p.snapshotSeq}.${p.afterSeq}.${p.total}`;
}

export function decodePageToken(token: string, epoch: string): BootstrapPosition | { foreignEpoch: true } | null {
  const m = /^b\.([a-z0-9]+)\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/.exec(token);
  if (!m) return null;
  if (m[1] !== epoch) return { foreignEpoch: true };
  return { epoch, snapshotSeq: Number(m[2]), afterSeq: Number(m[3]), total: Number(m[4]) };
}
