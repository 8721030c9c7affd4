/** IPC channel names shared by the preload and the main process. The preload imports only this file. */
export const CONNECTION_CHANNEL = 'tillid:connection';
/** What the preload sends on CONNECTION_CHANNEL: a version, nothing the page chooses. */
export const CONNECTION_REQUEST = { v: 1 } as const;
