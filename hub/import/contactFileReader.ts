import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import type { ContactColumns, ImportField } from './contactColumns';

export type ContactFileFormat = 'csv' | 'jsonl';

/** A row's values by the field each feeds (contactColumns.ts), or why the row could not be read at all; `line` counts from 1. */
export type FileRow = { line: number; fields: Partial<Record<ImportField, unknown>> } | { line: number; problem: string };

/** Longer than any contact; bounds what one malformed row (an unclosed quote) can make the reader hold. */
const MAX_ROW_CHARS = 1 << 20;

/** The format a file's name says, or null. */
export function formatOfFileName(file: string): ContactFileFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return null;
}

/**
 * Streams the rows of a contact export, each row's values picked by field. `onHeader` sees a CSV's column names
 * before any row (it may throw to refuse the file). Problems name the line and what is wrong, never the row's text:
 * it holds personal data.
 */
export function readContactFile(file: string, format: ContactFileFormat, columns: ContactColumns, onHeader: (columns: string[]) => void = () => undefined): AsyncIterable<FileRow> {
  return format === 'csv' ? readCsv(file, columns, onHeader) : readJsonl(file, columns);
}

/** What csv-parse called a row of another length than the header when it read the header as column names. */
const WRONG_LENGTH = { CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'CSV_RECORD_INCONSISTENT_COLUMNS' } as Readonly<Record<string, string>>;

async function* readCsv(file: string, columns: ContactColumns, onHeader: (columns: string[]) => void): AsyncGenerator<FileRow> {
  const skipped: FileRow[] = [];
  // Rows as arrays, the first one the header: csv-parse's objects per row (a property defined per field) cost more
  // than the rest of reading a row (docs/performance.md, "The hub's import").
  const parser = createReadStream(file).pipe(parse({
    bom: true,
    info: true,
    max_record_size: MAX_ROW_CHARS,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) skipped.push({ line: lineOf(error), problem: `malformed CSV (${WRONG_LENGTH[error.code] ?? error.code})` });
      return undefined;
    },
  }));
  let pick: ((values: readonly string[]) => Partial<Record<ImportField, unknown>>) | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (skipped.length > 0) yield* skipped.splice(0);
      if (pick === undefined) {
        const header = record.map((c) => c.trim());
        onHeader(header);
        pick = columns.rowPicker(header);
        continue;
      }
      yield { line: info.lines, fields: pick(record) };
    }
  } catch (error) {
    // What no skipping gets past (a quote never closed before the end): the rows before it stand.
    if (!(error instanceof CsvError)) throw error;
    skipped.push({ line: lineOf(error), problem: `malformed CSV (${error.code}); the rest of the file was not read` });
  }
  yield* skipped.splice(0);
}

async function* readJsonl(file: string, columns: ContactColumns): AsyncGenerator<FileRow> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    if (text.length > MAX_ROW_CHARS) {
      yield { line, problem: 'longer than 1 MiB' };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the text around the fault: never pass it on.
      yield { line, problem: 'not valid JSON' };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, problem: 'not a JSON object (a contact)' };
      continue;
    }
    yield { line, fields: columns.pick(flattenContact(value as Record<string, unknown>)) };
  }
}

/** Voyado's `{id, contactType, attributes: {…}, preferences, consents}` as one record; the top level wins a name. */
function flattenContact(contact: Record<string, unknown>): Record<string, unknown> {
  const { attributes, ...top } = contact;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return top;
  return { ...(attributes as Record<string, unknown>), ...top };
}

function lineOf(error: CsvError): number {
  return typeof error.lines === 'number' ? error.lines : 0;
}
