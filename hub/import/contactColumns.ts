/**
 * Which column of a contact export feeds which field of a member. The defaults follow Voyado Engage's contact shape
 * (`{id, contactType, attributes: {firstName, lastName, email, mobilePhone, memberNumber, …}}`): a CSV header names
 * them, a JSONL contact has them at its top level or in `attributes`. Names match without regard to case; columns
 * that feed nothing (most of an export) are ignored. `--map column=field` overrides, `--map column=-` ignores one.
 */
export const IMPORT_FIELDS = ['id', 'firstName', 'lastName', 'email', 'mobilePhone', 'memberNumber', 'cardNumber', 'points', 'tier', 'pointsAsOf'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The column names each field is read from when no --map says otherwise. */
export const DEFAULT_COLUMNS: Readonly<Record<ImportField, readonly string[]>> = {
  id: ['id', 'contactId'],
  firstName: ['firstName'],
  lastName: ['lastName'],
  email: ['email'],
  mobilePhone: ['mobilePhone'],
  memberNumber: ['memberNumber'],
  cardNumber: ['cardNumber'],
  points: ['points', 'pointsBalance', 'bonusPoints'],
  tier: ['tier', 'level'],
  pointsAsOf: ['pointsAsOf'],
};

/** A --map entry: this column feeds this field (null: the column is ignored). */
export interface ColumnOverride {
  column: string;
  field: ImportField | null;
}

const FIELD_BY_LOWER = new Map<string, ImportField>(IMPORT_FIELDS.map((f) => [f.toLowerCase(), f]));

/** `column=field` or `column=-`; throws a message naming what is wrong (the text is a column name, not member data). */
export function parseColumnOverride(text: string): ColumnOverride {
  const at = text.lastIndexOf('=');
  const column = text.slice(0, at).trim();
  const target = text.slice(at + 1).trim();
  if (at < 1 || column === '') throw new Error(`--map ${text}: expected column=field`);
  if (target === '-') return { column, field: null };
  const field = FIELD_BY_LOWER.get(target.toLowerCase());
  if (field === undefined) throw new Error(`--map ${text}: the field must be one of ${IMPORT_FIELDS.join(', ')} or -`);
  return { column, field };
}

/**
 * Resolves column names to fields, remembering each answer: an override first, else the defaults. A field given a
 * column by --map no longer takes its default columns, so `--map kundnr=memberNumber` replaces `memberNumber`.
 */
export class ContactColumns {
  private readonly byColumn = new Map<string, ImportField | null>();
  private readonly overridden = new Map<string, ImportField | null>();
  private readonly defaults = new Map<string, ImportField>();

  constructor(overrides: readonly ColumnOverride[] = []) {
    const remapped = new Set<ImportField>();
    for (const o of overrides) {
      this.overridden.set(o.column.toLowerCase(), o.field);
      if (o.field !== null) remapped.add(o.field);
    }
    for (const field of IMPORT_FIELDS) {
      if (remapped.has(field)) continue;
      for (const column of DEFAULT_COLUMNS[field]) this.defaults.set(column.toLowerCase(), field);
    }
  }

  /** The field a column feeds, or null. */
  fieldOf(column: string): ImportField | null {
    const known = this.byColumn.get(column);
    if (known !== undefined) return known;
    const lower = column.toLowerCase();
    const field = this.overridden.has(lower) ? (this.overridden.get(lower) ?? null) : (this.defaults.get(lower) ?? null);
    this.byColumn.set(column, field);
    return field;
  }

  /**
   * `pick` for a file's rows given as arrays under its header, without an object per row (a CSV of millions). The
   * columns are visited in the order `pick` visits an object made of the row (what a CSV parser answers): a name
   * repeated holds its last value at its first place, and integer-like names come first, as in every JS object. The
   * order is taken from such an object made once, so both answer the same (test/unit/hub/memberImportParts.test.ts).
   */
  rowPicker(header: readonly string[]): (values: readonly unknown[]) => Partial<Record<ImportField, unknown>> {
    const indexOf: Record<string, number> = {};
    header.forEach((name, i) => Object.defineProperty(indexOf, name, { value: i, enumerable: true, writable: true, configurable: true }));
    const feeds: { index: number; field: ImportField }[] = [];
    for (const column in indexOf) {
      const field = this.fieldOf(column);
      if (field !== null) feeds.push({ index: indexOf[column] as number, field });
    }
    return (values) => {
      const out: Partial<Record<ImportField, unknown>> = {};
      for (const { index, field } of feeds) {
        const value = values[index];
        if (value === '' || value === null || value === undefined) continue;
        if (out[field] === undefined) out[field] = value;
      }
      return out;
    };
  }

  /** The record's values by field; an empty value is no value, and the first column with one wins a field. */
  pick(record: Readonly<Record<string, unknown>>): Partial<Record<ImportField, unknown>> {
    const out: Partial<Record<ImportField, unknown>> = {};
    for (const column in record) {
      const value = record[column];
      if (value === '' || value === null || value === undefined) continue;
      const field = this.fieldOf(column);
      if (field !== null && out[field] === undefined) out[field] = value;
    }
    return out;
  }
}
