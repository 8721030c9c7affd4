/** CRM fault settings that inject nothing: spread one rate over it to break the CRM on purpose. */
export const noFaults = { errorRate: 0, latencyMs: 0, resetRate: 0, commitThenFailRate: 0, malformedRate: 0 };
