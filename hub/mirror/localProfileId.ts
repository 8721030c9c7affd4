/**
 * The id of a profile the hub itself creates (a sign-up with no CRM connector to ask): `P` and the mirror's row
 * number, zero-padded to 8 digits. A connector's own ids (e.g. a CRM's contact ids) are kept as they come.
 */
export function localProfileId(seq: number): string {
  return `P${String(seq).padStart(8, '0')}`;
}
