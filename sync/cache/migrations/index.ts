import { migration001 } from './001_profiles_identifiers';
import { migration002 } from './002_consents';
import { migration003 } from './003_receipts_outbox';
import { migration004 } from './004_sync_state_keys_nonces';
import { migration005 } from './005_receipt_delivery';
import { migration006 } from './006_pending_profiles_index';
import { migration007 } from './007_consent_version';
import { migration008 } from './008_receipt_delivery_outbox';
import type { Migration } from './migration';

/** Every migration of the cache, in order. Append only. */
export const CACHE_MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008];
