import type { Logger } from 'pino';
import { IdentifierHashPool } from '../cache/identifierHashPool';
import { IDENTIFIER_HASH_BYTES, createIdentifierHasher, identifierHashInput } from '../cache/identifierHasher';
import type { IdentifierHasher } from '../cache/identifierHasher';
import type { ClearIdentifier, IdentifierKind } from '../cache/types';

/** Hashes computed ahead for one change page, keyed by the hash input. */
export type PreparedHashes = ReadonlyMap<string, Buffer>;

/**
 * Lets a change page's identifiers be hashed on a worker thread while the previous page is written, then hands those
 * hashes to the profile repository through the IdentifierHasher it was built with. A hash not prepared (a small
 * page, a worker that failed) is computed as usual: the result is the same either way, only faster.
 */
export interface IdentifierPrehasher {
  /** The hasher to build repositories with. */
  hasher: IdentifierHasher;
  prepare(identifiers: readonly ClearIdentifier[]): Promise<PreparedHashes>;
  /** Runs `apply` with `prepared` available to `hasher`. */
  withPrepared<T>(prepared: PreparedHashes, apply: () => T): T;
  close(): Promise<void>;
}

/** Below this many identifiers a page is hashed in place: a worker round trip would cost more. */
const WORKER_THRESHOLD = 256;
const EMPTY: PreparedHashes = new Map();

export function createIdentifierPrehasher(hashKey: Buffer, logger?: Logger): IdentifierPrehasher {
  const direct = createIdentifierHasher(hashKey);
  let pool: IdentifierHashPool | null = null;
  let primed: PreparedHashes = EMPTY;

  return {
    hasher: {
      hash(kind: IdentifierKind, value: string) {
        return primed.get(identifierHashInput(kind, value)) ?? direct.hash(kind, value);
      },
    },
    async prepare(identifiers) {
      if (identifiers.length < WORKER_THRESHOLD) return EMPTY;
      pool ??= new IdentifierHashPool(hashKey, logger);
      const inputs = identifiers.map<[IdentifierKind, string]>((identifier) => [identifier.kind, identifier.value]);
      const hashes = await pool.hash(inputs);
      const prepared = new Map<string, Buffer>();
      inputs.forEach(([kind, value], i) => prepared.set(identifierHashInput(kind, value), hashes.subarray(i * IDENTIFIER_HASH_BYTES, (i + 1) * IDENTIFIER_HASH_BYTES)));
      return prepared;
    },
    withPrepared(prepared, apply) {
      primed = prepared;
      try {
        return apply();
      } finally {
        primed = EMPTY;
      }
    },
    async close() {
      const current = pool;
      pool = null;
      await current?.close();
    },
  };
}
