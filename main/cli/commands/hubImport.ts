import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { parseColumnOverride } from '../../../hub/import/contactColumns';
import type { ColumnOverride } from '../../../hub/import/contactColumns';
import { importMemberFile, MemberImportError } from '../../../hub/import/importMemberFile';
import { openImportTarget } from '../../../hub/import/openImportTarget';
import { hubDatabaseUrl } from './hubDatabaseUrl';

interface ImportFlags {
  database?: string;
  data: string;
  format?: 'csv' | 'jsonl';
  map: ColumnOverride[];
  chunkRows: number;
}

/** Bad rows printed one a line; past this only counted (the summary has the total). */
const BAD_ROWS_LISTED = 1_000;

function collectOverride(value: string, previous: ColumnOverride[]): ColumnOverride[] {
  try {
    return [...previous, parseColumnOverride(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function chunkRows(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100 || n > 200_000) throw new InvalidArgumentError('--chunk-rows must be an integer from 100 to 200000');
  return n;
}

/**
 * `tillid hub import FILE`: a contact export into the hub's member mirror while the hub serves. Bad rows go to
 * stderr by line and reason (never their values), progress too; the summary is one JSON document on stdout.
 * Exit 0: every row imported; 3: finished, with bad rows left out; 1: stopped (nothing after the last merged chunk).
 */
export function registerHubImportCommand(hub: Command): void {
  hub
    .command('import')
    .description('import members from a contact export (CSV or JSONL, Voyado\'s contact shape) into the hub\'s mirror, while it serves')
    .argument('<file>', 'the export: .csv with a header row, or .jsonl with one contact a line')
    .addOption(new Option('--format <format>', 'the file\'s format (default: from its name)').choices(['csv', 'jsonl']))
    .option('--map <column=field>', 'read a field from this column (repeatable); field - ignores the column. Fields: id, firstName, lastName, email, mobilePhone, memberNumber, cardNumber, points, tier, pointsAsOf', collectOverride, [])
    .option('--chunk-rows <n>', 'members per chunk: each is one COPY and one short write transaction', chunkRows, 25_000)
    .action(async (file: string, _flags: unknown, command: Command) => {
      // `hub` has --database and --data of its own, which commander fills wherever they stand: read both levels.
      const flags = command.optsWithGlobals<ImportFlags>();
      const databaseUrl = hubDatabaseUrl(flags.database);
      const target = await openImportTarget({ databaseUrl, dataDir: path.resolve(flags.data) });
      let listed = 0;
      try {
        const summary = await importMemberFile(target, {
          file: path.resolve(file),
          format: flags.format,
          columns: flags.map,
          chunkRows: flags.chunkRows,
          onBadRow: (bad) => {
            if (listed++ < BAD_ROWS_LISTED) process.stderr.write(`line ${bad.line}: ${bad.reason}\n`);
          },
          onProgress: (p) => {
            process.stderr.write(`${p.rows.toLocaleString('en')} rows read: ${p.inserted} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.badRows} bad (${Math.round(p.ms / 1000)} s)\n`);
          },
        });
        if (summary.badRows > BAD_ROWS_LISTED) process.stderr.write(`… ${summary.badRows - BAD_ROWS_LISTED} more bad rows not listed\n`);
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        if (summary.badRows > 0) process.exitCode = 3;
      } catch (error) {
        if (!(error instanceof MemberImportError)) throw error;
        process.stderr.write(`tillid hub import: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        await target.close();
      }
    });
}
