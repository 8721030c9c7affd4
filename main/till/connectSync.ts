import { createSyncEngine, type CredentialStore, type SyncEngine } from '../../sync/client';
import type { Logger } from 'pino';
import type { RunningTill } from './startTill';
import { memberListLoading } from './memberListLoading';

/**
 * Attaches the sync engine to a running till: its status reaches the POS API and the screen, and what it changes
 * (erasures, merges, sign-up id mappings) reaches the current customer session.
 */
export function connectSync(running: RunningTill, options: { dataDir: string; logger: Logger; pullIntervalMs: number; credentialStore?: CredentialStore }): SyncEngine {
  const engine = createSyncEngine({
    db: running.cache.db,
    dataDir: options.dataDir,
    logger: options.logger,
    hasherKey: running.cache.hashKey,
    pullIntervalMs: options.pullIntervalMs,
    ...(options.credentialStore ? { credentialStore: options.credentialStore } : {}),
  });
  running.setSync({
    status: () => engine.status(),
    syncNow: () => engine.syncNow(),
    notifyOutbox: () => engine.notifyOutbox(),
    memberList: () => memberListLoading(engine.status()),
  });
  engine.on('status', (status) => {
    const memberList = memberListLoading(status);
    running.till.bus.publish({ type: 'sync.status', status, ...(memberList ? { memberList } : {}) });
  });
  engine.on('profiles', (changes) => running.till.applyProfileChanges(changes));
  engine.start();
  return engine;
}
