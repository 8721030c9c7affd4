/**
 * Fault switches: each queued fault hits the next `count` requests whose path starts with `path` (any path when
 * absent) and whose method is `method` (any when absent). `timeout` never answers (the client must give up), `server_error` answers 500 or 503, `throttle` answers
 * 429 with Retry-After (a storm, however much the client keeps to the ceiling), `malformed` applies the request and
 * then answers 200 with JSON cut in half.
 */
export type StandInFaultKind = 'timeout' | 'server_error' | 'throttle' | 'malformed';

export interface StandInFault {
  kind: StandInFaultKind;
  count: number;
  path?: string;
  method?: 'GET' | 'POST';
  /** `throttle`: the Retry-After in seconds (default 1). */
  retryAfterSeconds?: number;
}

export class StandInFaults {
  private readonly queued: StandInFault[] = [];
  /** Faults served, by kind. */
  readonly served: Record<StandInFaultKind, number> = { timeout: 0, server_error: 0, throttle: 0, malformed: 0 };

  add(fault: StandInFault): void {
    if (!Number.isInteger(fault.count) || fault.count < 1 || fault.count > 10_000) throw new RangeError('count must be 1…10,000');
    this.queued.push({ ...fault });
  }

  clear(): void {
    this.queued.length = 0;
  }

  /** The fault for this request, if one is queued for its path; counts it down. */
  take(method: string, path: string): StandInFault | null {
    const i = this.queued.findIndex((f) => (f.path === undefined || path.startsWith(f.path)) && (f.method === undefined || f.method === method));
    if (i < 0) return null;
    const fault = this.queued[i] as StandInFault;
    fault.count--;
    if (fault.count === 0) this.queued.splice(i, 1);
    this.served[fault.kind]++;
    return fault;
  }
}
