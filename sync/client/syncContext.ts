import type { Logger } from 'pino';
import type { CacheDatabase } from '../cache/database';
import type { MemberKeyRepository } from '../cache/memberKeyRepository';
import type { OutboxRepository } from '../cache/outboxRepository';
import type { ProfileRepository } from '../cache/profileRepository';
import type { SyncStateRepository } from '../cache/syncStateRepository';
import type { CrmHttpClient } from './crmHttpClient';
import type { IdentifierPrehasher } from './identifierPrehasher';

/** What one sync step works with: the cache, the CRM, and a way to stop. */
export interface SyncRepositories {
  profiles: ProfileRepository;
  outbox: OutboxRepository;
  syncState: SyncStateRepository;
  memberKeys: MemberKeyRepository;
}

export interface SyncContext {
  db: CacheDatabase;
  /** The per-install identifier hash key (for the bulk loader's hashing workers). */
  hashKey: Buffer;
  repos: SyncRepositories;
  http: CrmHttpClient;
  logger: Logger;
  now: () => number;
  /** Hashes a page's identifiers off the main thread; the repositories' hasher uses its results. */
  prehasher?: IdentifierPrehasher;
  /** Aborted when the engine stops: long loops end between pages, requests are cancelled. */
  signal: AbortSignal;
}
