import { parsePhoneNumberFromString } from 'libphonenumber-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactColumns, parseColumnOverride } from '../../../hub/import/contactColumns';
import { copyField } from '../../../hub/import/copyText';
import { contactToMember, ImportedContactSchema } from '../../../hub/import/importedContact';
import { plainContact } from '../../../hub/import/plainContact';
import { exportLine, EXPORT_COLUMNS } from '../../bench/support/memberExportFile';
import { normaliseIdentifiers } from '../../../hub/mirror/normaliseIdentifiers';

describe('normaliseIdentifiers (every write to the hub mirror)', () => {
  it.each([
    [{ phone: '070-123 45 67' }, [['phone', '+46701234567']]],
    [{ phone: '+46 (0)70 123 45 67' }, [['phone', '+46701234567']]],
    [{ phone: '08-123 456 78' }, [['phone', '+46812345678']]],
    [{ phone: '+47 412 34 567' }, [['phone', '+4741234567']]],
    [{ email: ' Anna.S@Example.SE ' }, [['email', 'anna.s@example.se']]],
    [{ cardNumber: '6001 2345-6789' }, [['card', '600123456789']]],
    [{ memberNumber: ' m-77 ' }, [['member_number', 'M-77']]],
  ])('%j → %j', (input, identifiers) => {
    expect(normaliseIdentifiers(input)).toEqual({ ok: true, identifiers });
  });

  it.each([
    [{ phone: '0701' }, 'phone'],
    [{ email: 'anna' }, 'email'],
    [{ cardNumber: '12ab' }, 'cardNumber'],
    [{ memberNumber: 'M 7' }, 'memberNumber'],
  ])('refuses %j, naming the field and never the value', (input, field) => {
    const outcome = normaliseIdentifiers(input);
    expect(outcome).toMatchObject({ ok: false, field });
    expect(JSON.stringify(outcome)).not.toContain(Object.values(input)[0]);
  });

  it('reads Swedish mobiles without libphonenumber exactly as libphonenumber does', () => {
    const formats = (nsn: string): string[] => [
      `+46${nsn}`, `0${nsn}`, `46${nsn}`, `0046${nsn}`, `0${nsn.slice(0, 2)}-${nsn.slice(2, 5)} ${nsn.slice(5, 7)} ${nsn.slice(7)}`, `+46 ${nsn.slice(0, 2)} ${nsn.slice(2)}`,
    ];
    const disagreements: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const nsn = `7${String((i * 7_919_113) % 100_000_000).padStart(8, '0')}`;
      for (const written of formats(nsn)) {
        const slow = parsePhoneNumberFromString(written, 'SE');
        const outcome = normaliseIdentifiers({ phone: written });
        const fast = outcome.ok ? outcome.identifiers[0]?.[1] : null;
        if (fast !== (slow && slow.isValid() ? slow.number : null)) disagreements.push(written);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('a contact export row as a member', () => {
  const asOf = Date.UTC(2026, 10, 30);
  it('names, points and display name; blank cells are absent', () => {
    expect(contactToMember({ id: ' c-1 ', firstName: 'Anna', lastName: 'Svensson', points: ' 120 ', tier: '', email: '' }, asOf)).toEqual({
      ok: true,
      member: { profileId: 'c-1', firstName: 'Anna', lastName: 'Svensson', displayName: 'Anna S.', tier: null, pointsBalance: 120, pointsAsOf: asOf, identifiers: [] },
    });
    expect(contactToMember({ id: 42, pointsAsOf: '2026-01-02T03:04:05Z', points: 5 }, asOf)).toMatchObject({ ok: true, member: { profileId: '42', pointsAsOf: Date.UTC(2026, 0, 2, 3, 4, 5), firstName: null, displayName: null } });
  });

  it.each([
    [{}, 'id: missing'],
    [{ id: 'c', points: '1.5' }, 'points: '],
    [{ id: 'c', pointsAsOf: 'yesterday' }, 'pointsAsOf: '],
    [{ id: 'c', firstName: 'x'.repeat(101) }, 'firstName: '],
    [{ id: 'c', lastName: 'a\u0000b' }, 'lastName: contains a NUL character'],
    [{ id: 'c', mobilePhone: '123' }, 'mobilePhone: not a valid phone number'],
  ])('%j is a bad row: %s…', (fields, reason) => {
    const outcome = contactToMember(fields, asOf);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason.startsWith(reason)).toBe(true);
  });
});

describe('the common row read without zod (plainContact)', () => {
  const text = fc.oneof(
    fc.constantFrom('', ' ', 'Anna', ' Anna ', '\u00a0x\u00a0', 'a\u0000b', '070-123 45 67', 'x'.repeat(50), 'x'.repeat(51), 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(100), ` ${'x'.repeat(100)} `, 'x'.repeat(101), 'é'.repeat(101), '😀'.repeat(60)),
    fc.string({ maxLength: 8 }),
  );
  const points = fc.oneof(fc.constantFrom('', ' ', '0', '-0', '007', ' 12 ', '1.5', '1e3', '0x10', '+5', '-', '1000000000', '-1000000000', '1000000001', '9999999999', '12345678901'), fc.string({ maxLength: 4 }));
  const anything = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant({}));
  const fields = fc.record({
    id: fc.oneof(text, anything), firstName: text, lastName: text, tier: text, email: text, mobilePhone: text, memberNumber: text, cardNumber: fc.oneof(text, anything),
    points: fc.oneof(points, anything), pointsAsOf: fc.constantFrom('1700000000000', '2026-01-02T03:04:05Z'),
  }, { requiredKeys: [] });

  it('answers what ImportedContactSchema answers whenever it answers at all', () => {
    fc.assert(fc.property(fields, (f) => {
      const fast = plainContact(f);
      if (fast === undefined) return;
      const parsed = ImportedContactSchema.safeParse(f);
      expect(parsed.success).toBe(true);
      if (parsed.success) expect(fast).toEqual(parsed.data);
    }), { numRuns: 20_000 });
  });

  it('answers for the rows of the bench export file (so the import takes it)', () => {
    const columns = new ContactColumns();
    for (let i = 0; i < 300; i++) {
      const values = exportLine(i).trimEnd().split(',');
      expect(plainContact(columns.rowPicker(EXPORT_COLUMNS)(values)), exportLine(i)).toBeDefined();
    }
  });
});

describe('column mapping', () => {
  it('reads Voyado\'s names without regard to case, and --map replaces a field\'s default columns', () => {
    const defaults = new ContactColumns();
    expect(defaults.pick({ ContactId: 'c', MOBILEPHONE: '070', bonusPoints: '3', socialSecurityNumber: 'x', email: '' })).toEqual({ id: 'c', mobilePhone: '070', points: '3' });
    const mapped = new ContactColumns([parseColumnOverride('kundnr=memberNumber'), parseColumnOverride('email=-')]);
    expect(mapped.pick({ id: 'c', memberNumber: 'ignored', kundnr: 'k1', email: 'a@b.se' })).toEqual({ id: 'c', memberNumber: 'k1' });
  });

  it('picks from a row given as an array exactly what it picks from the object a CSV parser makes of it', () => {
    // Names that feed a field, in other cases, repeated, integer-like (an object puts those first), and one that is
    // special in objects: where the array's order and an object's differ, the answers must not.
    const names = fc.constantFrom('id', 'ContactId', 'contactid', 'email', 'EMAIL', 'mobilePhone', 'points', 'bonusPoints', 'pointsBalance', '1', '0', '10', '__proto__', 'kundnr', 'x');
    const columnSets = [new ContactColumns(), new ContactColumns([parseColumnOverride('kundnr=memberNumber'), parseColumnOverride('1=points'), parseColumnOverride('10=email'), parseColumnOverride('email=-')])];
    fc.assert(fc.property(fc.array(fc.tuple(names, fc.constantFrom('', 'a', 'b', ' ', '7')), { maxLength: 12 }), fc.nat(1), (cells, which) => {
      const columns = columnSets[which] as ContactColumns;
      const header = cells.map(([name]) => name);
      const values = cells.map(([, value]) => value);
      // What csv-parse makes of a row under a header (lib/api/index.js: a property defined per column, in order).
      const record: Record<string, unknown> = {};
      header.forEach((name, i) => Object.defineProperty(record, name, { value: values[i], enumerable: true, writable: true, configurable: true }));
      expect(columns.rowPicker(header)(values)).toEqual(columns.pick(record));
    }), { numRuns: 5_000 });
  });

  it.each(['kundnr', '=id', 'kundnr=shoeSize'])('refuses --map %s', (text) => {
    expect(() => parseColumnOverride(text)).toThrow(/--map/);
  });
});

describe('COPY text fields', () => {
  it.each([
    [null, '\\N'],
    [12, '12'],
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
  ])('%j → %j', (value, field) => {
    expect(copyField(value)).toBe(field);
  });
});
