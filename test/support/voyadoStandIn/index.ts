export { startVoyadoStandIn } from './voyadoStandIn';
export type { VoyadoStandIn, VoyadoStandInOptions, StandInRequestRecord } from './voyadoStandIn';
export { signWebhook, deliverWebhook, webhookSecret } from './standInWebhooks';
export type { SignedWebhook } from './standInWebhooks';
export * from './documentedExamples';
