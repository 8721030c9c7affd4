import type { ServerResponse } from 'node:http';
import type { TillEvent } from './contract/events';

const HEARTBEAT_MS = 15_000;

/** Serves the till's events as text/event-stream until the client goes away. */
export function streamEvents(res: ServerResponse, subscribe: (listener: (event: TillEvent) => void) => () => void): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  res.flushHeaders();
  let id = 0;
  res.write(': tillid events\n\n');
  const unsubscribe = subscribe((event) => {
    id += 1;
    res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
