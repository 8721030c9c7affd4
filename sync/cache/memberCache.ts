import path from 'node:path';
import type { Logger } from 'pino';
import { ConsentRepository } from './consentRepository';
import { checkCacheIntegrity, checkCacheWritable, explainCacheOpenError, refuseLostCache } from './cacheStartChecks';
import { openCacheDatabase } from './database';
import type { CacheDatabase, OpenCacheOptions } from './database';
import { ensureDataDirectory } from './dataDirectory';
import { hasHashKey, HASH_KEY_FILE, loadOrCreateHashKey, type SecretSealer } from './hashKeyFile';
import { createIdentifierHasher } from './identifierHasher';
import type { IdentifierHasher } from './identifierHasher';
import { MemberKeyRepository } from './memberKeyRepository';
import { NonceRepository } from './nonceRepository';
import { OutboxRepository } from './outboxRepository';
import { ProfileRepository } from './profileRepository';
import { ReceiptRepository } from './receiptRepository';
import { SyncStateRepository } from './syncStateRepository';

export const CACHE_FILE = 'cache.db';
export { HASH_KEY_FILE, SEALED_HASH_KEY_FILE } from './hashKeyFile';
const KEY_CHECK_STATE = 'cache.hashKeyCheck';

/** The member cache of one data directory: the database, its hash key and every repository over it. */
export interface MemberCache {
  dataDir: string;
  db: CacheDatabase;
  /** The per-install HMAC key (for BootstrapLoader / bulkLoadProfiles). Never log it. */
  hashKey: Buffer;
  hasher: IdentifierHasher;
  profiles: ProfileRepository;
  consents: ConsentRepository;
  receipts: ReceiptRepository;
  outbox: OutboxRepository;
  memberKeys: MemberKeyRepository;
  syncState: SyncStateRepository;
  nonces: NonceRepository;
  close(): void;
}

export interface OpenMemberCacheOptions extends OpenCacheOptions {
  logger?: Logger;
  now?: () => number;
  /** Start an empty cache although `hash.key` shows one existed and was lost (`tillid start --accept-empty-cache`). */
  acceptEmptyCache?: boolean;
  /** Seals the hash key with the OS keychain (the Electron shell's safeStorage); without one it is a 0600 file. */
  hashKeySealer?: SecretSealer;
}

/**
 * Opens `<dataDir>/cache.db` with its hash key (both created on first use; the directory 0700): `hash.key` (0600), or
 * `hash.key.sealed` when a keychain sealer is given (see hashKeyFile.ts and docs/security.md).
 * Refuses, with the reason and what to do: a key that is not the one the cache was built with (every hashed
 * identifier would silently stop matching), a lost cache next to its key, a damaged cache, a cache it cannot write.
 */
export function openMemberCache(dataDir: string, options: OpenMemberCacheOptions = {}): MemberCache {
  const dir = ensureDataDirectory(dataDir);
  const cacheFile = path.join(dir, CACHE_FILE);
  refuseLostCache({ cacheFile, hasHashKey: hasHashKey(dir) }, options.acceptEmptyCache ?? false);
  // The database before the key: a first start cut short between the two leaves a cache without a key (a new key is
  // then made), never a key without a cache (which would read as a lost cache).
  let db: CacheDatabase;
  try {
    db = openCacheDatabase(cacheFile, options);
  } catch (error) {
    throw explainCacheOpenError(error, cacheFile);
  }
  try {
    const now = options.now ?? Date.now;
    checkCacheIntegrity(db, cacheFile);
    checkCacheWritable(db, cacheFile, now);
    const hashKey = loadOrCreateHashKey(dir, options.hashKeySealer);
    const hasher = createIdentifierHasher(hashKey);
    const syncState = new SyncStateRepository(db);
    checkHashKey(syncState, hasher);
    const outbox = new OutboxRepository(db, now);
    const nonces = new NonceRepository(db, dir, now, options.logger);
    return {
      dataDir: dir,
      db,
      hashKey,
      hasher,
      profiles: new ProfileRepository(db, hasher, outbox, now),
      consents: new ConsentRepository(db, outbox),
      receipts: new ReceiptRepository(db, outbox, now),
      outbox,
      memberKeys: new MemberKeyRepository(db),
      syncState,
      nonces,
      close: () => {
        nonces.close();
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A fingerprint of the key (an HMAC of a fixed label; it reveals nothing of the key) is kept with the cache. */
function checkHashKey(syncState: SyncStateRepository, hasher: IdentifierHasher): void {
  const fingerprint = hasher.hash('member_number', 'tillid hash key check').toString('hex');
  const stored = syncState.get(KEY_CHECK_STATE);
  if (stored === undefined) {
    syncState.set(KEY_CHECK_STATE, fingerprint);
  } else if (stored !== fingerprint) {
    throw new Error(
      `${HASH_KEY_FILE} is not the key this cache was built with, so no identifier would match; restore the original ` +
        `${HASH_KEY_FILE}, or move ${CACHE_FILE} aside to rebuild the cache (its outbox may hold undelivered receipts)`,
    );
  }
}
