import type { ImportField } from './contactColumns';
import type { ImportedContact } from './importedContact';

/** The text fields of ImportedContactSchema and their longest length (UTF-16 units; zod allows at least as many). */
const TEXT_MAX: readonly (readonly [ImportField & keyof ImportedContact, number])[] = [
  ['id', 100], ['firstName', 100], ['lastName', 100], ['tier', 50], ['email', 254], ['mobilePhone', 64], ['memberNumber', 64], ['cardNumber', 64],
];
const PLAIN_POINTS = /^-?\d{1,10}$/;

/**
 * ImportedContactSchema's answer for the common row, without zod (its preprocess and checks cost ~15 µs a row, over a
 * minute of a 5M-member import): every field text, an id, each value within its length and NUL-free, points plain
 * digits within bounds, no pointsAsOf. Anything else answers undefined and goes through the schema, so a bad row's
 * reason is always zod's. A fast-check property holds it equal to the schema (test/unit/hub/memberImportParts.test.ts).
 */
export function plainContact(fields: Partial<Record<ImportField, unknown>>): ImportedContact | undefined {
  if (fields.pointsAsOf !== undefined) return undefined;
  const out: Record<string, string | number | undefined> = {};
  for (const [field, max] of TEXT_MAX) {
    const value = fields[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    const text = value.trim();
    if (text.length > max || text.includes('\u0000')) return undefined;
    if (text !== '') out[field] = text;
  }
  if (out.id === undefined) return undefined;
  const points = fields.points;
  if (points !== undefined) {
    if (typeof points !== 'string') return undefined;
    const text = points.trim();
    if (text !== '') {
      if (!PLAIN_POINTS.test(text)) return undefined;
      const n = Number(text);
      if (n < -1_000_000_000 || n > 1_000_000_000) return undefined;
      out.points = n;
    }
  }
  return out as ImportedContact;
}
