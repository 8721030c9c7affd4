/**
 * The emulated CRM's profile ids: `P` and the row's sequence number, zero-padded to 8 digits, so that id
 * order is row order (bootstrap pages are served in id order by a plain range scan).
 */
export function profileIdOf(seq: number): string {
  return `P${String(seq).padStart(8, '0')}`;
}

/** The row number of a CRM profile id, or null when `id` is not one of ours (e.g. a till's provisional id). */
export function seqOfProfileId(id: string): number | null {
  if (!/^P\d{8,15}$/.test(id)) return null;
  const seq = Number(id.slice(1));
  return Number.isSafeInteger(seq) && seq > 0 && profileIdOf(seq) === id ? seq : null;
}
