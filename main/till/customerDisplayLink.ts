import type { TillEvent } from '../api/contract/events';
import type { CustomerDisplayPort } from './ports/customerDisplayPort';
import { TillFailure } from '../tillFailure';
import type { ScreensConfig } from '../config/screensConfig';

/** What the customer display link needs of the till: its event stream, to follow and to tell. */
export interface CustomerDisplayBus {
  publish(event: TillEvent): void;
  subscribe(listener: (event: TillEvent) => void): () => void;
}

/**
 * The till's side of the customer display: whether one is following the till (it holds its own event stream open),
 * the sign-up the cashier handed to it, and the screen settings both screens read.
 */
export interface CustomerDisplayLink extends CustomerDisplayPort {
  connected(): boolean;
  close(): void;
}

export function createCustomerDisplayLink(bus: CustomerDisplayBus, config: ScreensConfig): CustomerDisplayLink {
  let open = 0;
  let joining = false;
  const end = (reason: 'joined' | 'cancelled'): void => {
    if (!joining) return;
    joining = false;
    bus.publish({ type: 'customer_join.ended', reason });
  };
  // A sign-up while the customer display has the form is theirs; a new customer or a sale ends it either way.
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'signup.created') end('joined');
    else if (event.type === 'session.cleared' || event.type === 'receipt.queued') end('cancelled');
  });

  return {
    attach() {
      open += 1;
      if (open === 1) bus.publish({ type: 'customer_display.status', connected: true });
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        open -= 1;
        if (open > 0) return;
        end('cancelled');
        bus.publish({ type: 'customer_display.status', connected: false });
      };
    },
    connected: () => open > 0,
    startJoin() {
      if (open === 0) {
        throw new TillFailure('no_customer_display', 'No customer display is following this till: let the customer read the terms on the till’s screen instead.');
      }
      joining = true;
      bus.publish({ type: 'customer_join.started' });
    },
    cancelJoin: () => end('cancelled'),
    settings: () => ({
      tierNames: config.tierNames,
      terms: config.terms,
      points: config.points,
      customerDisplay: { connected: open > 0 },
    }),
    close: unsubscribe,
  };
}
