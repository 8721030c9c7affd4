export { createHub } from './createHub';
export type { Hub, HubOptions } from './createHub';
export type { HubParts } from './hubParts';
