// The sync protocol between a till and the CRM side: shared by sync/client and the hub (hub/).
// Described in docs/sync-protocol.md; change both together.
export * from './version';
export * from './problem';
export * from './enrolment';
export * from './identifier';
export * from './profile';
export * from './keys';
export * from './cursor';
export * from './bootstrap';
export * from './changes';
export * from './upload';
export * from './memberQr';
export * from './stepUp';
export * from './redemption';
export * from './promotionRedemption';
export * from './profileSummary';
export * from './heartbeat';
export * from './memberLookup';
