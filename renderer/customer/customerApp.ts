import type { TillEvent } from '../../main/api/contract/events';
import type { ScreenSettings } from '../../main/api/contract/screens';
import type { ApiClient } from '../apiClient';
import { el } from '../elements';
import { startEventFeed } from '../eventFeed';
import type { MessageKey } from '../i18n/english';
import { translate, type Language, type MessageParams } from '../i18n/language';
import type { ViewContext } from '../views/screenView';
import { customerJoinView } from './customerJoinView';
import { initialCustomerState, nextCustomerState, type CustomerAction, type CustomerScreen, type CustomerState, type PointsRule } from './customerState';
import { customerStepUpView, type CustomerStepUpView } from './customerStepUpView';
import { customerIdleView, customerMemberView, customerThanksView, type CustomerView } from './customerViews';

/** How long "Thank you" stays before the welcome comes back. */
export const THANKS_SHOWN_MS = 8000;

export interface CustomerDisplayOptions {
  root: HTMLElement;
  client: ApiClient;
}

/**
 * The customer's own screen: follows the till through its events (on its own stream, so the till knows a customer
 * display is open) and has no control that changes the sale. The customer may pick their language, join, and
 * complete a verification.
 */
export function startCustomerDisplay(options: CustomerDisplayOptions): () => void {
  const { root, client } = options;
  let state: CustomerState = initialCustomerState;
  // Each customer starts in Swedish; their choice lasts until the welcome comes back.
  let language: Language = 'sv';
  let settings: ScreenSettings | null = null;
  let view: CustomerView | null = null;
  let viewKey = '';
  let thanksTimer: ReturnType<typeof setTimeout> | null = null;
  // The screen the thank-you timer was last set for: a re-render of the same screen keeps its timer.
  let timedKey = '';

  const t = (key: MessageKey, params?: MessageParams): string => translate(language, key, params);
  const ctx = (): ViewContext => ({ language, t, tierName: (tier) => settings?.tierNames[tier]?.[language] ?? tier });
  const points = (): PointsRule => ({ perCurrencyUnit: settings?.points.perCurrencyUnit ?? null });

  const languageButton = el('button', { type: 'button', class: 'button header-button', onclick: () => switchLanguage() });
  const main = el('main', { id: 'customer-screen', class: 'cd-host' });
  root.classList.add('customer-display');
  root.replaceChildren(el('header', { class: 'cd-topbar' }, el('span', { class: 'brand' }, 'Tillid'), languageButton), main);

  function keyOf(screen: CustomerScreen): string {
    if (screen.name === 'member') return `member:${screen.customer.profileId}:${screen.customer.points}`;
    if (screen.name === 'stepup') return `stepup:${screen.verification.verificationId}`;
    if (screen.name === 'thanks') return `thanks:${screen.receiptId}`;
    return screen.name;
  }

  function buildView(screen: CustomerScreen): CustomerView {
    switch (screen.name) {
      case 'idle':
        return customerIdleView(ctx());
      case 'member':
        return customerMemberView(ctx(), screen.customer);
      case 'thanks':
        return customerThanksView(ctx(), screen, {
          client, receiptId: screen.receiptId, member: screen.member,
          engaged: () => holdThanks(),
          finished: () => releaseThanks(),
        });
      case 'join':
        return settings ? customerJoinView(ctx(), { client, terms: settings.terms }) : customerIdleView(ctx());
      case 'stepup':
        return customerStepUpView(ctx(), client, screen.verification);
    }
  }

  function render(force = false): void {
    document.documentElement.lang = language;
    document.title = t('cd.title');
    languageButton.textContent = t('cd.languageSwitch');
    languageButton.setAttribute('lang', language === 'sv' ? 'en' : 'sv');
    const key = keyOf(state.screen);
    if (force || key !== viewKey || view === null) {
      view?.dispose?.();
      view = buildView(state.screen);
      viewKey = key;
      main.replaceChildren(view.root);
      main.dataset.screen = state.screen.name;
      view.focus();
    } else if (state.screen.name === 'stepup') {
      (view as CustomerStepUpView).update(state.screen.verification);
    }
    if (force || key !== timedKey) {
      timedKey = key;
      if (state.screen.name === 'thanks') releaseThanks();
      else holdThanks();
    }
  }

  /** The customer is typing an address for the receipt: the thank-you stays. */
  function holdThanks(): void {
    if (thanksTimer !== null) clearTimeout(thanksTimer);
    thanksTimer = null;
  }

  function releaseThanks(): void {
    holdThanks();
    thanksTimer = setTimeout(() => dispatch({ type: 'thanks_done' }), THANKS_SHOWN_MS);
  }

  function dispatch(action: CustomerAction): void {
    const previous = state;
    state = nextCustomerState(state, action);
    if (state === previous) return;
    if (state.screen.name === 'idle' && previous.screen.name !== 'idle') language = 'sv';
    render();
  }

  function switchLanguage(): void {
    language = language === 'sv' ? 'en' : 'sv';
    // The join form keeps what was typed only while its language stays; a switch before typing is the usual case.
    render(true);
  }

  async function resync(): Promise<void> {
    const loaded = await client.screens();
    if (loaded.ok) settings = loaded.value;
    const session = await client.session();
    if (!session.ok) return;
    const customer = session.value.customer;
    dispatch({
      type: 'resynced',
      customer: customer ? { profileId: customer.profile.id, firstName: customer.profile.firstName, points: customer.profile.pointsBalance } : null,
    });
    if (state.screen.name === 'join') render(true);
  }

  const stopFeed = startEventFeed(
    client,
    {
      connected: () => void resync(),
      disconnected: () => undefined,
      event: (event: TillEvent) => dispatch({ type: 'event', event, points: points() }),
    },
    undefined,
    '/api/v1/customer-display/events',
  );

  render(true);
  return () => {
    stopFeed();
    if (thanksTimer !== null) clearTimeout(thanksTimer);
    view?.dispose?.();
  };
}
