// The till's sync engine: enrolment, bootstrap, pull, push, schedule and status. Code outside sync/client imports
// from here. May import sync/cache and sync/protocol; never main/, drivers/, renderer/ or electron.
export { createSyncEngine } from './syncEngine';
export type { DeadLetter, ProfileChanges, SyncEngine, SyncEngineEvents, SyncEngineOptions } from './syncEngine';
export { SyncStatusSchema, BootstrapProgressSchema } from './syncStatus';
export type { BootstrapProgress, SyncStatus } from './syncStatus';
export { enrolTill } from './enrolTill';
export type { EnrolTillOptions } from './enrolTill';
export { readTillEnrolment, writeTillEnrolment, TillEnrolmentSchema, ENROLMENT_FILE } from './tillEnrolment';
export type { TillEnrolment } from './tillEnrolment';
export { createFileCredentialStore, CREDENTIALS_FILE, SEALED_CREDENTIALS_FILE } from './credentialStore';
export type { CredentialSealer, CredentialStore } from './credentialStore';
export { SyncFailure, SyncFailureKindSchema, SyncErrorInfoSchema } from './syncFailure';
export type { SyncErrorInfo, SyncFailureKind } from './syncFailure';
export { systemClock } from './clock';
export type { Clock, TimerHandle } from './clock';
export type { BackoffPolicy } from './backoff';
export type { HeartbeatSource } from './sendHeartbeat';
