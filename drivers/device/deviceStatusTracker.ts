import type { Logger } from 'pino';
import type { DeviceState, DeviceStatus, Transport } from '../scanEvent';

/** Holds one device's status and announces each change (as an event and one log line, ids only). */
export class DeviceStatusTracker {
  private current: DeviceStatus;

  constructor(
    private readonly deps: { deviceId: string; transport: Transport; logger: Logger; now: () => number; emit: (status: DeviceStatus) => void },
    description: string,
  ) {
    this.current = { deviceId: deps.deviceId, transport: deps.transport, state: 'offline', description, since: deps.now() };
  }

  get status(): DeviceStatus {
    return this.current;
  }

  set(state: DeviceState, description: string, error?: DeviceStatus['error']): void {
    const next: DeviceStatus = { deviceId: this.deps.deviceId, transport: this.deps.transport, state, description, since: this.deps.now() };
    if (error) next.error = error;
    const same =
      this.current.state === next.state &&
      this.current.description === next.description &&
      this.current.error?.message === next.error?.message &&
      this.current.error?.next === next.error?.next;
    if (same) return;
    this.current = next;
    const fields = { deviceId: next.deviceId, transport: next.transport, state, where: error?.where, next: error?.next };
    if (state === 'error') this.deps.logger.warn({ ...fields, reason: error?.message }, 'scanner error');
    else this.deps.logger.info(fields, `scanner ${state}`);
    this.deps.emit(next);
  }
}
