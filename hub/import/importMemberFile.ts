import { stat } from 'node:fs/promises';
import type { HubDatabase } from '../db/sql';
import type { ChangeLog } from '../feed/changeLog';
import type { MemberMirror } from '../mirror/memberMirror';
import { ContactColumns, DEFAULT_COLUMNS } from './contactColumns';
import type { ColumnOverride } from './contactColumns';
import { formatOfFileName, readContactFile } from './contactFileReader';
import type { ContactFileFormat } from './contactFileReader';
import { contactToMember } from './importedContact';
import { mergeImportChunk } from './mergeImportChunk';
import type { ChunkOutcome } from './mergeImportChunk';
import { STAGING_COLUMNS, STAGING_TABLE, stagedMemberRow } from './stagedMember';

/** Held for a whole import (a session advisory lock): one import at a time per database. */
const IMPORT_LOCK_KEY = 7_420_002;
/** PGlite has one session, whose advisory locks every caller shares: imports in this process are counted here too. */
const importing = new WeakSet<HubDatabase>();

/** A row the import left out: where, and why (field names and rules only, never the row's values). */
export interface BadRow {
  line: number;
  reason: string;
}

export interface MemberFileImportOptions {
  file: string;
  /** Default: from the file's name (`.csv`; `.jsonl`, `.ndjson`). */
  format?: ContactFileFormat;
  columns?: readonly ColumnOverride[];
  /** Members per chunk: one COPY and one write transaction each (default 25,000). */
  chunkRows?: number;
  now?: () => number;
  onBadRow?: (bad: BadRow) => void;
  /** After each chunk is merged: the figures so far. Awaited before the next chunk merges. */
  onProgress?: (progress: MemberFileImportSummary) => void | Promise<void>;
}

export interface MemberFileImportSummary extends ChunkOutcome {
  format: ContactFileFormat;
  /** Earlier rows of a member named again later in the same chunk: the later row wins. */
  superseded: number;
  /** Rows read (bad ones included); a CSV header is not a row. */
  rows: number;
  badRows: number;
  chunks: number;
  /** The longest chunk merge (its write transaction, waiting for the write lock included): what an upload may wait. */
  longestMergeMs: number;
  ms: number;
}

export interface ImportTarget {
  db: HubDatabase;
  mirror: MemberMirror;
  feed: ChangeLog;
}

export class MemberImportError extends Error {}

/**
 * Imports a contact export (CSV or JSONL, contactColumns.ts) into the member mirror, and the change log, while the
 * hub serves: the file is read as a stream; every row is checked (zod) and normalised as every mirror write is; bad
 * rows are reported by line and skipped. Valid rows go by COPY into the staging table a chunk at a time, and each
 * chunk is merged in a transaction of its own (mergeImportChunk.ts) while the next chunk is read and copied.
 * A member already in the mirror exactly so is left alone, so a re-run (after a kill too) doubles nothing.
 */
export async function importMemberFile(target: ImportTarget, options: MemberFileImportOptions): Promise<MemberFileImportSummary> {
  const format = options.format ?? formatOfFileName(options.file);
  if (format === null) throw new MemberImportError('say --format csv or --format jsonl (the file name ends in neither .csv nor .jsonl)');
  const info = await stat(options.file).catch(() => {
    throw new MemberImportError('the file cannot be read');
  });
  if (!info.isFile()) throw new MemberImportError('not a file');
  const asOf = Math.floor(info.mtimeMs);
  if (importing.has(target.db)) throw new MemberImportError('another import into this database is running');
  importing.add(target.db);
  try {
    return await importLocked(target, options, format, asOf);
  } finally {
    importing.delete(target.db);
  }
}

async function importLocked(target: ImportTarget, options: MemberFileImportOptions, format: ContactFileFormat, asOf: number): Promise<MemberFileImportSummary> {
  const started = performance.now();
  const chunkRows = options.chunkRows ?? 25_000;
  const now = options.now ?? Date.now;
  const columns = new ContactColumns(options.columns);
  const summary: MemberFileImportSummary = { format, rows: 0, badRows: 0, chunks: 0, inserted: 0, updated: 0, unchanged: 0, oneByOne: 0, superseded: 0, longestMergeMs: 0, ms: 0 };
  const bad = (line: number, reason: string): void => {
    summary.badRows++;
    options.onBadRow?.({ line, reason });
  };
  return target.db.session(async (session) => {
    const [lock] = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [IMPORT_LOCK_KEY]);
    if (!lock?.locked) throw new MemberImportError('another import into this database is running');
    let merging: Promise<void> = Promise.resolve();
    try {
      // Rows a killed import left behind: no import holds them now.
      await session.query(`DELETE FROM ${STAGING_TABLE}`);
      // The chunk's staging rows, one per member: a later row of the same member replaces the earlier one.
      let pending: (string | null)[] = [];
      let slotOf = new Map<string, number>();
      let n = 0;
      // One chunk merges while the next is read and copied; merges run one at a time, in the file's order.
      const flush = async (): Promise<void> => {
        const chunk = ++summary.chunks;
        const text = pending.join('');
        const rows = slotOf.size;
        pending = [];
        slotOf = new Map();
        await session.copyRows(STAGING_TABLE, STAGING_COLUMNS, text);
        await merging;
        const mergeStarted = performance.now();
        merging = mergeImportChunk(target.db, target.mirror, target.feed, chunk, rows, now()).then(async (outcome) => {
          for (const key of ['inserted', 'updated', 'unchanged', 'oneByOne'] as const) summary[key] += outcome[key];
          summary.longestMergeMs = Math.max(summary.longestMergeMs, Math.round(performance.now() - mergeStarted));
          await options.onProgress?.({ ...summary, ms: Math.round(performance.now() - started) });
        });
        // Awaited at the next flush; a failure meanwhile must not go unhandled.
        merging.catch(() => undefined);
      };
      const rows = readContactFile(options.file, format, columns, (header) => {
        if (!header.some((column) => columns.fieldOf(column) === 'id')) {
          throw new MemberImportError(`no column is the contact id: name one ${DEFAULT_COLUMNS.id.join(' or ')}, or give --map COLUMN=id`);
        }
      });
      for await (const row of rows) {
        summary.rows++;
        if ('problem' in row) {
          bad(row.line, row.problem);
          continue;
        }
        const outcome = contactToMember(row.fields, asOf);
        if (!outcome.ok) {
          bad(row.line, outcome.reason);
          continue;
        }
        const earlier = slotOf.get(outcome.member.profileId);
        if (earlier !== undefined) {
          pending[earlier] = null;
          summary.superseded++;
        }
        slotOf.set(outcome.member.profileId, pending.length);
        pending.push(stagedMemberRow(summary.chunks + 1, ++n, outcome.member));
        if (slotOf.size >= chunkRows) await flush();
      }
      if (slotOf.size > 0) await flush();
      await merging;
    } finally {
      await merging.catch(() => undefined);
      await session.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK_KEY]);
    }
    summary.ms = Math.round(performance.now() - started);
    return summary;
  });
}
