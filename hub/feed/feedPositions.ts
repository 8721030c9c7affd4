/**
 * The hub's encoding of the opaque cursor and bootstrap page token. Tills never parse these: only this file does.
 * The epoch is made when the database is first set up, so positions from another hub database expire.
 */
export interface BootstrapPosition {
  epoch: string;
  /** Change-log position when the snapshot began: the cursor handed over on the last page. */
  snapshotSeq: number;
  /** Last mirror row number served. */
  afterSeq: number;
  /** Profiles when the snapshot began. */
  total: number;
}

export function encodeCursor(epoch: string, seq: number): string {
  return `c.${epoch}.${seq}`;
}

/** The sequence number in a cursor of this epoch; null when malformed or from another epoch. */
export function decodeCursor(cursor: string, epoch: string): { seq: number } | null {
  const m = /^c\.([a-z0-9]+)\.(\d{1,15})$/.exec(cursor);
  if (!m || m[1] !== epoch) return null;
  return { seq: Number(m[2]) };
}

export function encodePageToken(p: BootstrapPosition): string {
  return `b.${p.epoch}.${p.snapshotSeq}.${p.afterSeq}.${p.total}`;
}

export function decodePageToken(token: string, epoch: string): BootstrapPosition | null {
  const m = /^b\.([a-z0-9]+)\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/.exec(token);
  if (!m || m[1] !== epoch) return null;
  return { epoch, snapshotSeq: Number(m[2]), afterSeq: Number(m[3]), total: Number(m[4]) };
}
