import type { Logger } from 'pino';
import type { ProfileSummaryFetch } from '../../sync/client/profileSummaryClient';
import type { CrmSummary } from '../api/contract/profile';
import type { TillEvent } from '../api/contract/events';
import type { CustomerSession } from './customerSession';
import type { TillEventBus } from './eventBus';

/** What the till core reads of the holder. */
export interface CrmSummaryReader {
  /** The CRM's summary of `profileId` when that profile is the current customer and it came this session. */
  forProfile(profileId: string): CrmSummary | undefined;
}

export interface CrmSummaryHolder extends CrmSummaryReader {
  /** Leaves an offer out of the held summary (it was redeemed, or the CRM says it cannot be) and tells the screens. */
  dropOffer(profileId: string, offerId: string): void;
  close(): void;
}

export interface CrmSummaryHolderDeps {
  bus: TillEventBus;
  session: CustomerSession;
  fetch: (profileId: string) => Promise<ProfileSummaryFetch>;
  /** Whether the sync engine reaches the CRM: offline, the till does not even try. */
  online: () => boolean;
  logger: Logger;
  now?: () => number;
}

/**
 * Offers and purchases from any channel for the customer at the till, without growing the cache: after an
 * identification while online, the CRM's summary is fetched in the background (the identification never waits for
 * it), published as a `profile.summary` event and kept in memory while that person is the current customer only.
 * A new customer, a cleared session or an idle timeout forgets it.
 */
export function createCrmSummaryHolder(deps: CrmSummaryHolderDeps): CrmSummaryHolder {
  const now = deps.now ?? Date.now;
  /** The summary held, under the till's id of the customer it belongs to. */
  let held: CrmSummary | undefined;
  /** The customer a fetch is under way for; a fetch that finds another one at the till is dropped. */
  let wanted: string | undefined;

  function currentId(): string | undefined {
    return deps.session.get()?.profile.id;
  }

  function forget(): void {
    held = undefined;
    wanted = undefined;
  }

  async function fetchFor(profileId: string): Promise<void> {
    const answer = await deps.fetch(profileId);
    if (wanted !== profileId || currentId() !== profileId) return;
    wanted = undefined;
    if (answer.outcome !== 'summary') return;
    // The till's id is the one the screen and the POS know (the CRM's may be a merge survivor the till has not pulled).
    held = { profileId, offers: answer.summary.offers, recentPurchases: answer.summary.recentPurchases, fetchedAt: new Date(now()).toISOString() };
    deps.logger.debug({ profileId, offers: held.offers.length, purchases: held.recentPurchases.length }, 'profile summary held');
    deps.bus.publish({ type: 'profile.summary', ...held });
  }

  function onEvent(event: TillEvent): void {
    if (event.type === 'session.cleared') return forget();
    if (event.type !== 'identified') return;
    const profileId = event.profile.id;
    // The same person presenting again (a QR after a typed phone) keeps what came or is coming.
    if (held?.profileId === profileId || wanted === profileId) return;
    forget();
    // A member made at this till is not at the CRM yet: nothing to ask for.
    if (event.profile.status !== 'active' || !deps.online()) return;
    wanted = profileId;
    // Started a turn later, once every subscriber (the POS's event stream among them) has the event: setting up the
    // request took ~0.3 ms (p99 several ms on a busy till) in front of the identification each POS waits for.
    setImmediate(() => {
      if (wanted !== profileId) return;
      fetchFor(profileId).catch((error: unknown) => {
        deps.logger.warn({ profileId, err: error instanceof Error ? error.name : 'unknown' }, 'profile summary failed');
      });
    });
  }

  const unsubscribe = deps.bus.subscribe(onEvent);

  return {
    forProfile(profileId) {
      if (held === undefined) return undefined;
      // An idle timeout ends the session without an event: the summary goes with it.
      if (currentId() !== held.profileId) {
        forget();
        return undefined;
      }
      return held.profileId === profileId ? held : undefined;
    },
    dropOffer(profileId, offerId) {
      if (held?.profileId !== profileId || !held.offers.some((o) => o.id === offerId)) return;
      held = { ...held, offers: held.offers.filter((o) => o.id !== offerId) };
      deps.bus.publish({ type: 'profile.summary', ...held });
    },
    close() {
      unsubscribe();
      forget();
    },
  };
}
