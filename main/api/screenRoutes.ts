import { TillEventSchema, type TillEvent } from './contract/events';
import { ScreenSettingsSchema } from './contract/screens';
import { bindRoutes, defineRoute, type RouteSpec } from './apiRoute';
import { streamEvents } from './eventStream';
import type { Route } from './router';
import type { CustomerDisplayPort } from '../till/ports/customerDisplayPort';

export interface ScreenDeps {
  link: CustomerDisplayPort;
  subscribe(listener: (event: TillEvent) => void): () => void;
}

/**
 * Routes for the till's screens: their settings (tier names, terms, points), the customer display's own event stream
 * (which tells the till that one is open) and handing a sign-up to the customer display. None changes the sale.
 */
export const SCREEN_ROUTES: readonly RouteSpec<ScreenDeps>[] = [
  defineRoute<ScreenDeps>({
    method: 'GET', path: '/api/v1/screens', operationId: 'getScreenSettings', tag: 'screens',
    summary: 'What the screens show from the till’s config: tier names, the membership terms, points, whether a customer display is open',
    answers: { 200: { description: 'The screen settings.', json: { name: 'ScreenSettings', schema: ScreenSettingsSchema } } },
    handle: ({ link }) => link.settings(),
  }),
  defineRoute<ScreenDeps>({
    method: 'GET', path: '/api/v1/customer-display/events', operationId: 'streamCustomerDisplayEvents', tag: 'screens',
    summary: 'The till’s events for the customer display; while it is open, the till knows a customer display is there',
    answers: { 200: { description: 'An endless event stream.', eventStream: true, json: { name: 'TillEvent', schema: TillEventSchema } } },
    handle: ({ link, subscribe }, { res }) => {
      streamEvents(res, subscribe);
      // After subscribing, so the display hears its own arrival like every other screen does.
      res.on('close', link.attach());
      return undefined;
    },
  }),
  defineRoute<ScreenDeps>({
    method: 'POST', path: '/api/v1/customer-display/join', operationId: 'startCustomerDisplayJoin', tag: 'screens',
    summary: 'Hand the sign-up to the customer display',
    answers: { 204: { description: 'Handed over; a `customer_join.started` event follows.' } },
    problems: ['no_customer_display'],
    handle: ({ link }) => {
      link.startJoin();
    },
  }),
  defineRoute<ScreenDeps>({
    method: 'DELETE', path: '/api/v1/customer-display/join', operationId: 'cancelCustomerDisplayJoin', tag: 'screens',
    summary: 'Take the sign-up back from the customer display',
    answers: { 204: { description: 'Taken back (or there was none); a `customer_join.ended` event follows if there was.' } },
    handle: ({ link }) => {
      link.cancelJoin();
    },
  }),
];

export function screenRoutes(link: CustomerDisplayPort, subscribe: (listener: (event: TillEvent) => void) => () => void): Route[] {
  return bindRoutes(SCREEN_ROUTES, { link, subscribe });
}
