import type { TillEvent } from './contract/events';
import type { ScreenSettings } from './contract/screens';
import { streamEvents } from './eventStream';
import { sendJson } from './problem';
import type { Route } from './router';

/** What the routes need of the till's customer display link (main/till/customerDisplayLink.ts implements it). */
export interface CustomerDisplayPort {
  /** A customer display opened its event stream; call the answer when it closes. */
  attach(): () => void;
  /** Throws a TillError `no_customer_display` when none is open. */
  startJoin(): void;
  cancelJoin(): void;
  settings(): ScreenSettings;
}

/**
 * Routes for the till's screens: their settings (tier names, terms, points), the customer display's own event stream
 * (which tells the till that one is open) and handing a sign-up to the customer display. None changes the sale.
 */
export function screenRoutes(link: CustomerDisplayPort, subscribe: (listener: (event: TillEvent) => void) => () => void): Route[] {
  return [
    { method: 'GET', path: '/api/v1/screens', handle: ({ res }) => sendJson(res, 200, link.settings()) },
    {
      method: 'GET',
      path: '/api/v1/customer-display/events',
      handle: ({ res }) => {
        streamEvents(res, subscribe);
        // After subscribing, so the display hears its own arrival like every other screen does.
        res.on('close', link.attach());
      },
    },
    {
      method: 'POST',
      path: '/api/v1/customer-display/join',
      handle: ({ res }) => {
        link.startJoin();
        res.writeHead(204).end();
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/customer-display/join',
      handle: ({ res }) => {
        link.cancelJoin();
        res.writeHead(204).end();
      },
    },
  ];
}
