// The emulated CRM: the CRM side of the sync protocol plus an admin API, for demos, tests and benches.
export { createCrmEmulator } from './createCrmEmulator';
export type { CrmEmulator, CrmEmulatorOptions } from './createCrmEmulator';
export { demoMember, MAX_DEMO_MEMBERS } from './demo/demoMembers';
export type { DemoMember } from './demo/demoMembers';
export * from './admin/adminSchemas';
export type { RouteGroup } from './routes/allRoutes';
export type { Route, RouteRequest, Reply } from './http/routeTable';
export { jsonReply, problemReply, noContentReply } from './http/replies';
export type { CrmParts } from './crmParts';
