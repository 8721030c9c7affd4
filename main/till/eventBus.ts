import { EventEmitter } from 'node:events';
import type { TillEvent } from '../api/contract/events';

/** The till's one stream of events: the POS API's SSE endpoint and the Electron shell both subscribe. */
export class TillEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open SSE connection is a listener; a busy store may have a few dozen.
    this.emitter.setMaxListeners(1000);
  }

  publish(event: TillEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: TillEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
