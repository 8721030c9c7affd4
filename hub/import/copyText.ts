/** COPY's text format: a backslash, tab, newline or carriage return inside a value is written as its escape. */
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;

/** One value as a field of COPY's text format; null as `\N`. Values never hold NUL (PostgreSQL text cannot). */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c] ?? c) : text;
}

/** One row of COPY's text format, newline included. */
export function copyRow(values: readonly (string | number | null)[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}
