import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';

export const NONCE_JOURNAL_FILE = 'nonces.log';
/** Appends between two rewrites of the journal down to its live nonces (about five minutes of scans). */
const COMPACT_EVERY = 4096;
/**
 * One journal line: `<expiry ms> <nonce>` for a nonce of printable ASCII without spaces (what CRMs send), or
 * `<expiry ms>:<its UTF-16 code units in hex>` for any other (the check accepts any 8–128 characters); anything else
 * is torn.
 */
const LINE = /^(\d{1,16})(?: ([\x21-\x7e]{1,256})|:((?:[0-9a-f]{4}){1,256}))$/;
/** A nonce's longest form in UTF-16 code units: 128 characters, each one or two units. */
const NONCE_MAX_UNITS = 256;
/** The longest line: 16 digits, `:`, 4 hex digits per code unit, newline. */
const RECORD_MAX_BYTES = 16 + 1 + NONCE_MAX_UNITS * 4 + 1;

/** The nonce of a journal line's hex form. */
function nonceFromHex(hex: string): string {
  let nonce = '';
  for (let i = 0; i < hex.length; i += 4) nonce += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return nonce;
}

/**
 * Member QR nonces seen, kept until their token can no longer be accepted, so a replayed QR stays refused across a
 * restart. Same contract as main/identify's NonceStore.
 *
 * The replay check is answered from memory, and each new nonce is appended to `<data>/nonces.log` with one `write`
 * before `seen` returns: handed to the OS like a WAL commit at synchronous=NORMAL, so it survives a crash or kill -9
 * of the process (a power cut can lose the last ones, as it can the cache's last commits). One append costs a few µs
 * against ~25 µs for a SQLite commit and, at p99, several hundred µs when that commit meets a WAL checkpoint
 * (docs/performance.md). The journal is read at the first check, rewritten down to its live nonces every few thousand
 * appends off the check's path, and tolerates a torn last line. Nonces are random token ids, no personal data.
 *
 * Only the process that checks QRs (the till, which holds the data directory's lock) touches the journal: tools that
 * open the cache read-only never call `seen`. Nonces from the SQLite table of earlier versions (`seen_nonces`) are
 * carried over at the first check.
 */
export class NonceRepository {
  private live: Map<string, number> | null = null;
  private fd: number | null = null;
  private appended = 0;
  private compactQueued = false;
  private failedAppends = 0;
  private readonly file: string;
  /** The line being appended, written into a buffer made once: the append is on the QR check's path. */
  private readonly record = Buffer.allocUnsafe(RECORD_MAX_BYTES);

  constructor(
    private readonly db: Database,
    dataDir: string,
    private readonly now: () => number = Date.now,
    private readonly logger?: Logger,
  ) {
    this.file = path.join(dataDir, NONCE_JOURNAL_FILE);
  }

  /** True if `nonce` was already seen and has not expired; otherwise records it until `expiresAtMs` and returns false. */
  seen(nonce: string, expiresAtMs: number): boolean {
    // The check passes 8–128 characters; a longer one is a caller's bug, and its line would not fit the record.
    if (nonce.length > NONCE_MAX_UNITS) throw new RangeError('a member QR nonce is at most 128 characters');
    const live = this.live ?? this.load();
    const now = this.now();
    const until = live.get(nonce);
    if (until !== undefined && until > now) return true;
    live.set(nonce, expiresAtMs);
    this.append(nonce, expiresAtMs);
    if (++this.appended >= COMPACT_EVERY && !this.compactQueued) {
      this.compactQueued = true;
      setImmediate(() => this.prune()).unref();
    }
    return false;
  }

  /** Forgets expired nonces and rewrites the journal down to the live ones; returns how many were forgotten. */
  prune(): number {
    this.compactQueued = false;
    const live = this.live ?? this.load();
    const now = this.now();
    let forgotten = 0;
    for (const [nonce, until] of live) {
      if (until <= now) {
        live.delete(nonce);
        forgotten++;
      }
    }
    this.rewrite(live);
    return forgotten;
  }

  /** The number of nonces held (live or not yet pruned). */
  get size(): number {
    return (this.live ?? this.load()).size;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private load(): Map<string, number> {
    const now = this.now();
    const live = new Map<string, number>();
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      const match = LINE.exec(line);
      if (!match) continue; // a torn last line after a crash, or an empty one
      const until = Number(match[1]);
      const nonce = match[2] ?? nonceFromHex(match[3]!);
      if (until > now && until > (live.get(nonce) ?? 0)) live.set(nonce, until);
    }
    const carried = this.db.prepare('SELECT nonce, expires_at AS expiresAt FROM seen_nonces WHERE expires_at > ?').all(now) as { nonce: string; expiresAt: number }[];
    for (const row of carried) if (row.expiresAt > (live.get(row.nonce) ?? 0)) live.set(row.nonce, row.expiresAt);
    this.live = live;
    // Start each run from a file of live nonces only; the earlier table's rows now live in it.
    this.rewrite(live);
    if (carried.length > 0 || this.db.prepare('SELECT 1 FROM seen_nonces LIMIT 1').get()) this.db.prepare('DELETE FROM seen_nonces').run();
    return live;
  }

  /** Writes `nonce`'s line into `record`; returns its length in bytes. */
  private recordOf(nonce: string, expiresAtMs: number): number {
    const record = this.record;
    // Digits by hand: Buffer.write is a call into C++, which beside the signature costs more than this loop.
    let until = Math.max(0, Math.trunc(expiresAtMs));
    let digits = 1;
    for (let rest = until; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    for (let i = digits - 1; i >= 0; i--, until = Math.floor(until / 10)) record[i] = 0x30 + (until % 10);
    let at = digits;
    const start = at;
    record[at++] = 0x20;
    for (let i = 0; i < nonce.length; i++) {
      const c = nonce.charCodeAt(i);
      if (c < 0x21 || c > 0x7e) {
        at = start + record.write(`:${hexOf(nonce)}`, start, 'latin1');
        break;
      }
      record[at++] = c;
    }
    record[at++] = 0x0a;
    return at;
  }

  private append(nonce: string, expiresAtMs: number): void {
    try {
      this.fd ??= fs.openSync(this.file, 'a', 0o600);
      fs.writeSync(this.fd, this.record, 0, this.recordOf(nonce, expiresAtMs));
    } catch (error) {
      // A full or failing disk must not stop identification: the nonce stays refused by this process, and only a
      // restart before the disk is fixed could accept it once more within its few minutes. Said once, then counted.
      if (this.failedAppends++ === 0) this.logger?.warn({ code: (error as NodeJS.ErrnoException).code }, 'member QR nonces cannot be written to disk; replays stay refused until the till restarts');
    }
  }

  private rewrite(live: Map<string, number>): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      let body = '';
      for (const [nonce, until] of live) body += this.record.toString('latin1', 0, this.recordOf(nonce, until));
      fs.writeFileSync(tmp, body, { mode: 0o600 });
      // No fsync: like the appends, this survives the process dying; a power cut at worst brings back the older,
      // longer journal, which holds every nonce this one does.
      fs.renameSync(tmp, this.file);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      if (this.failedAppends++ === 0) this.logger?.warn({ code: (error as NodeJS.ErrnoException).code }, 'member QR nonces cannot be written to disk; replays stay refused until the till restarts');
      return;
    }
    this.close();
    this.appended = 0;
  }
}

/** A nonce's UTF-16 code units, four hex digits each. */
function hexOf(nonce: string): string {
  let hex = '';
  for (let i = 0; i < nonce.length; i++) hex += nonce.charCodeAt(i).toString(16).padStart(4, '0');
  return hex;
}
