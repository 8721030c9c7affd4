import type { TillEvent } from '../main/api/contract/events';
import type { IdentifyResponse } from '../main/api/contract/identify';
import type { CrmSummary, ProfileView } from '../main/api/contract/profile';
import type { ScreenSettings } from '../main/api/contract/screens';
import type { SignupRequest } from '../main/api/contract/signup';
import type { ApiClient } from './apiClient';
import { initialCashierState, nextCashierState, type CashierAction, type CashierState, type InputSource, type Screen } from './cashierState';
import { el } from './elements';
import { startEventFeed } from './eventFeed';
import { actionForIdentifyAnswer } from './identifyAnswer';
import { cloudOffIcon } from './icons';
import { formatCount } from './localeFormat';
import type { MessageKey } from './i18n/english';
import { initialLanguage, rememberLanguage, translate, type Language, type MessageParams } from './i18n/language';
import { messageForProblem, type ClientProblem, type Message } from './problemMessages';
import { idleScreen } from './views/idleScreen';
import { joinScreen } from './views/joinScreen';
import { managerScreen } from './views/managerScreen';
import { memberScreen } from './views/memberScreen';
import { pinScreen } from './views/pinScreen';
import { receiptScreen } from './views/receiptScreen';
import { redeemScreen, type RedeemScreenActions } from './views/redeemScreen';
import type { CashierActions, JoinProblem, ScreenView, ViewContext } from './views/screenView';
import { formatTime } from './localeFormat';

/** How long the receipt confirmation stays before the screen returns to idle by itself. */
export const RECEIPT_SHOWN_MS = 4000;
const NOTICE_SHOWN_MS = 15_000;
const HEALTH_POLL_MS = 15_000;

export interface CashierAppOptions {
  root: HTMLElement;
  client: ApiClient;
  storage: Storage | null;
}

export interface CashierApp {
  /** Identify a label read by a scanner typing into the window (keyboard wedge). */
  scanned(label: string): void;
  /**
   * A person typed with no text field focused: answers the field the keys go to, the idle screen's lookup field. On a
   * member's screen this ends that customer first (as Done does) and starts the next one's lookup, as a scan there
   * replaces the member, so no key is lost.
   */
  startTypedLookup(): HTMLInputElement | null;
  stop(): void;
}

/** The member's view an `identified` event carries (the event is a profile view plus how they were identified). */
function profileViewOf(event: Extract<TillEvent, { type: 'identified' }>): ProfileView {
  return {
    profile: event.profile,
    consents: event.consents,
    receipts: event.receipts,
    ...(event.offers ? { offers: event.offers } : {}),
    ...(event.recentPurchases ? { recentPurchases: event.recentPurchases } : {}),
  };
}

/** The cashier and manager screens: state, views and the calls behind them. */
export function startCashierApp(options: CashierAppOptions): CashierApp {
  const { root, client, storage } = options;
  let state: CashierState = initialCashierState;
  let language: Language = initialLanguage(storage);
  let connected = true;
  let view: ScreenView | null = null;
  let viewKey = '';
  let noticeTimer: ReturnType<typeof setTimeout> | null = null;
  let receiptTimer: ReturnType<typeof setTimeout> | null = null;
  let loadingProfile: string | null = null;
  /** The CRM's offers and purchases of the current customer (a `profile.summary` event), kept for screen rebuilds. */
  let crmSummary: CrmSummary | null = null;
  /** Tier names, terms and the points scheme from the till's config (GET /api/v1/screens), read on every connect. */
  let screens: ScreenSettings | null = null;

  const t = (key: MessageKey, params?: MessageParams): string => translate(language, key, params);
  const ctx = (): ViewContext => ({ language, t, tierName: (tier) => screens?.tierNames[tier]?.[language] ?? tier });

  // The page frame: a header, two quiet banners, the notice line, the screen, and a polite live region.
  const brand = el('span', { class: 'brand' });
  const offlinePill = el('span', { class: 'pill', hidden: true });
  const languageButton = el('button', { type: 'button', class: 'button header-button', onclick: () => setLanguage(language === 'sv' ? 'en' : 'sv') });
  const managerButton = el('button', { type: 'button', class: 'button header-button', onclick: () => dispatch({ type: 'manager_asked' }) });
  const offlineBanner = el('div', { class: 'banner banner-offline', role: 'status', hidden: true });
  const disconnectedBanner = el('div', { class: 'banner banner-warn', role: 'status', hidden: true });
  const memberListBanner = el('div', { class: 'banner banner-member-list', role: 'status', hidden: true });
  const notice = el('div', { id: 'notice', class: 'notice', role: 'alert', 'aria-atomic': 'true' });
  // Escape closes it too (onKey); the button is for a mouse or a touch.
  const noticeClose = el('button', { type: 'button', class: 'button notice-close', onclick: () => dismissNotice() });
  const noticeBar = el('div', { class: 'notice-bar', hidden: true }, notice, noticeClose);
  const announcer = el('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const main = el('main', { id: 'screen', class: 'screen-host' });
  root.replaceChildren(
    el('header', { class: 'topbar' }, brand, offlinePill, el('div', { class: 'topbar-actions' }, languageButton, managerButton)),
    offlineBanner,
    disconnectedBanner,
    memberListBanner,
    noticeBar,
    main,
    announcer,
  );

  function dispatch(action: CashierAction): void {
    const previous = state;
    state = nextCashierState(state, action);
    if (state !== previous) render(previous);
  }

  function problem(p: ClientProblem): void {
    dispatch({ type: 'problem', message: messageForProblem(p) });
  }

  function keyOf(screen: Screen): string {
    if (screen.name === 'redeem') return `redeem:${screen.member.profile.id}:${screen.offer?.id ?? 'points'}`;
    if (screen.name === 'join') return `join:${screen.reason}:${screen.withCustomer ? 'customer' : 'here'}`;
    return screen.name === 'member' ? `member:${screen.member.profile.id}` : screen.name;
  }

  function renderFrame(): void {
    document.documentElement.lang = language;
    document.title = t('app.title');
    brand.textContent = t('app.title');
    offlinePill.replaceChildren(cloudOffIcon(), el('span', {}, t('offline.short')));
    languageButton.textContent = t('lang.switch');
    languageButton.setAttribute('lang', language === 'sv' ? 'en' : 'sv');
    managerButton.textContent = t('manager.open');
    noticeClose.textContent = t('notice.close');
    renderOfflineBanner();
    disconnectedBanner.textContent = t('disconnected.banner');
  }

  function buildView(screen: Screen): ScreenView {
    switch (screen.name) {
      case 'idle':
        return idleScreen(ctx(), cashierActions);
      case 'member':
        return memberScreen(ctx(), cashierActions, screen.member, crmSummary?.profileId === screen.member.profile.id ? crmSummary : undefined);
      case 'redeem':
        return redeemScreen(ctx(), redeemActions, screen.member, screen.offer);
      case 'join':
        return joinScreen(ctx(), cashierActions, { ...screen, terms: screens?.terms ?? null });
      case 'receipt':
        return receiptScreen(ctx(), screen, screens?.points ?? null);
      case 'pin':
        return pinScreen(ctx(), cashierActions);
      case 'manager':
        return managerScreen(ctx(), managerActions);
    }
  }

  function render(previous: CashierState | null, force = false): void {
    const key = keyOf(state.screen);
    const changed = force || key !== viewKey || view === null;
    if (changed) {
      view?.dispose?.();
      view = buildView(state.screen);
      viewKey = key;
      main.replaceChildren(view.root);
      main.dataset.screen = state.screen.name;
    }
    view?.update?.(state);
    managerButton.hidden = state.screen.name === 'pin' || state.screen.name === 'manager';
    offlineBanner.hidden = state.online;
    offlinePill.hidden = state.online;
    if (previous === null || previous.online !== state.online || previous.lastSync !== state.lastSync) renderOfflineBanner();
    disconnectedBanner.hidden = connected;
    renderMemberList();
    renderNotice(previous);
    // An error said on the same screen: if it left focus nowhere (a button disabled while it worked, a panel
    // replaced), give it back where the screen wants it, so the cashier can go on typing.
    if (!changed && state.notice !== null && state.notice !== previous?.notice && focusLost()) view?.focus();
    if (changed) {
      // Focus on load too: a cashier who types before touching the screen must land in the field.
      view?.focus();
      afterScreenChange(previous);
    }
  }

  function focusLost(): boolean {
    const active = document.activeElement;
    return active === null || active === document.body || !active.isConnected;
  }

  function renderOfflineBanner(): void {
    const time = state.lastSync === null ? '' : formatTime(language, state.lastSync);
    offlineBanner.textContent = time ? t('offline.bannerSince', { time }) : t('offline.bannerNever');
  }

  function renderMemberList(): void {
    const loading = state.memberList;
    memberListBanner.hidden = loading === null;
    if (loading === null) return;
    memberListBanner.textContent =
      loading.total > 0
        ? t('memberList.loading', { done: formatCount(language, loading.done), total: formatCount(language, loading.total) })
        : t('memberList.loadingNoCount');
  }

  function renderNotice(previous: CashierState | null): void {
    if (previous !== null && previous.notice === state.notice) return;
    notice.textContent = state.notice ? t(state.notice.key, state.notice.params) : '';
    noticeBar.hidden = state.notice === null;
    noticeBar.classList.toggle('info', state.notice?.tone === 'info');
    if (noticeTimer !== null) clearTimeout(noticeTimer);
    noticeTimer = state.notice ? setTimeout(() => dispatch({ type: 'notice_cleared' }), NOTICE_SHOWN_MS) : null;
  }

  function afterScreenChange(previous: CashierState | null): void {
    const screen = state.screen;
    if (receiptTimer !== null) {
      clearTimeout(receiptTimer);
      receiptTimer = null;
    }
    if (screen.name === 'receipt') {
      receiptTimer = setTimeout(() => dispatch({ type: 'receipt_shown' }), RECEIPT_SHOWN_MS);
      // The sale was someone the screen no longer knew by this id (a new member whose id the sync has just changed).
      if (screen.firstName === null) void nameReceipt(screen.profileId);
    }
    if (screen.name === 'member') {
      const id = screen.member.profile.id;
      const name = screen.member.profile.firstName ?? screen.member.profile.displayName ?? '';
      if (previous?.screen.name !== 'redeem') {
        announcer.textContent = t('member.announce', { name });
        // Marked at the next frame: what the bench measures as scan-to-rendered-profile.
        requestAnimationFrame(() => performance.mark('tillid:member-rendered', { detail: { profileId: id } }));
      }
      // Only a screen rebuilt from GET /api/v1/session (after a reconnect) lacks the view the `identified` event carried.
      if (screen.view === null) void loadProfile(id);
    } else if (previous?.screen.name === 'member' && screen.name !== 'redeem') {
      announcer.textContent = '';
    }
  }

  async function nameReceipt(profileId: string): Promise<void> {
    const view = await client.profile(profileId);
    if (view.ok) dispatch({ type: 'receipt_named', profileId, firstName: view.value.profile.firstName ?? view.value.profile.displayName });
  }

  async function loadProfile(id: string): Promise<void> {
    if (loadingProfile === id) return;
    loadingProfile = id;
    const result = await client.profile(id);
    loadingProfile = null;
    if (result.ok) dispatch({ type: 'profile_loaded', view: result.value });
    else if (state.screen.name === 'member' && state.screen.member.profile.id === id) problem(result.problem);
  }

  /** `identified` events seen: what tells an answer that came too late (identify below). */
  let identifiedSeen = 0;

  function applyIdentify(response: IdentifyResponse, source: InputSource, typed: string): void {
    const action = actionForIdentifyAnswer(response, source, typed);
    if (action !== null) dispatch(action);
  }

  async function identify(input: string, source: InputSource): Promise<void> {
    const identifiedBefore = identifiedSeen;
    if (source === 'typed') dispatch({ type: 'lookup_started' });
    const result = await client.identify(input, source);
    // A miss or a shared number answered after someone was identified meanwhile (a member QR scanned while the CRM
    // side was asked) is old news: its join form or notice would cover the customer now at the till. (The find button
    // waits for a typed lookup's answer, so typed lookups do not overtake one another.)
    if (result.ok && result.value.result !== 'identified' && identifiedSeen !== identifiedBefore) return;
    if (result.ok) applyIdentify(result.value, source, input.trim());
    else problem(result.problem);
  }

  /** After a sign-up (or finding they were a member already): make them the till's customer and show them. */
  async function showJoined(contact: string, profileId: string | undefined): Promise<void> {
    const found = await client.identify(contact, 'typed');
    if (found.ok && found.value.result === 'identified') return applyIdentify(found.value, 'typed', contact);
    if (profileId === undefined) return;
    const view = await client.profile(profileId);
    if (!view.ok) return problem(view.problem);
    dispatch({ type: 'identified', member: { profile: view.value.profile, assurance: 'claimed' } });
    dispatch({ type: 'profile_loaded', view: view.value });
  }

  const cashierActions: CashierActions = {
    lookUp(input) {
      if (input.trim() === '') return dispatch({ type: 'problem', message: { key: 'err.empty' } });
      void identify(input, 'typed');
    },
    askJoin: (contact) => dispatch({ type: 'join_asked', contact: contact.trim() }),
    async join(request: SignupRequest): Promise<JoinProblem | null> {
      const contact = request.email ?? request.phone ?? '';
      const result = await client.signup(request);
      if (result.ok) {
        await showJoined(contact, result.value.profileId);
        return null;
      }
      if (result.problem.type === 'already_member') {
        await showJoined(contact, result.problem.profileId);
        dispatch({ type: 'problem', message: { key: 'err.alreadyMember', tone: 'info' } });
        return null;
      }
      // The till's own check of the contact: said on the field itself, which gets focus.
      if (result.problem.type === 'invalid_phone') return { field: 'contact', message: { key: 'join.phoneInvalid' } };
      if (result.problem.type === 'invalid_email') return { field: 'contact', message: { key: 'join.emailInvalid' } };
      return { field: null, message: messageForProblem(result.problem) };
    },
    async handJoinToCustomer() {
      const result = await client.startCustomerJoin();
      if (result.ok) return;
      if (result.problem.type === 'no_customer_display') {
        dispatch({ type: 'customer_display', connected: false });
        dispatch({ type: 'problem', message: { key: 'join.noCustomerDisplay' } });
      } else problem(result.problem);
    },
    async historyAllowed() {
      // The step-up policy decides (config `stepUp.actions.show_recent_purchases`, possession by default).
      const answer = await client.checkAction('show_recent_purchases');
      return answer.ok;
    },
    takeJoinBack() {
      void client.cancelCustomerJoin();
      dispatch({ type: 'join_handed', withCustomer: false });
    },
    done() {
      void client.clearSession();
      dispatch({ type: 'cancel' });
    },
    cancel: () => {
      if (state.screen.name === 'pin') void client.managerLogout();
      if (state.screen.name === 'join' && state.screen.withCustomer) void client.cancelCustomerJoin();
      dispatch(state.screen.name === 'pin' ? { type: 'manager_closed' } : { type: 'cancel' });
    },
    openManager: () => dispatch({ type: 'manager_asked' }),
    redeem: () => dispatch({ type: 'redeem_asked' }),
    redeemOffer: (offer) => dispatch({ type: 'redeem_asked', offer: { id: offer.id, title: offer.title } }),
    async unlock(pin) {
      const result = await client.managerLogin(pin);
      if (!result.ok) return messageForProblem(result.problem);
      dispatch({ type: 'manager_unlocked' });
      return null;
    },
  };

  const redeemActions: RedeemScreenActions = {
    client,
    customerDisplay: () => state.customerDisplay,
    close: () => dispatch({ type: 'redeem_closed' }),
    profileUpdated: (profile) => dispatch({ type: 'profile_updated', profile }),
  };

  const managerActions = {
    client,
    close() {
      void client.managerLogout();
      dispatch({ type: 'manager_closed' });
    },
    lock() {
      void client.managerLogout();
      dispatch({ type: 'manager_asked' });
      dispatch({ type: 'problem', message: { key: 'mgr.pinLocked', tone: 'info' } });
    },
    setLanguage: (next: Language) => setLanguage(next),
    problem(p: ClientProblem) {
      if (p.type === 'manager_pin_required') dispatch({ type: 'manager_asked' });
      problem(p);
    },
    info: (message: Message) => dispatch({ type: 'problem', message: { ...message, tone: 'info' } }),
  };

  function setLanguage(next: Language): void {
    language = next;
    rememberLanguage(storage, next);
    renderFrame();
    render(null, true);
  }

  function onEvent(event: TillEvent): void {
    view?.onEvent?.(event);
    switch (event.type) {
      case 'identified':
        if (event.source === 'scan') performance.mark('tillid:identified-received', { detail: { profileId: event.profile.id } });
        if (crmSummary?.profileId !== event.profile.id) crmSummary = null;
        identifiedSeen++;
        dispatch({ type: 'identified', member: { profile: event.profile, assurance: event.assurance }, view: profileViewOf(event) });
        return;
      case 'identify.not_found':
        // A typed lookup is answered by its own response (which carries what was typed, for the join form).
        dispatch({ type: 'member_list', loading: event.memberList ?? null });
        if (event.source === 'scan') dispatch({ type: 'not_found', source: 'scan' });
        return;
      case 'identify.rejected':
        if (event.source === 'scan') dispatch({ type: 'rejected', source: 'scan', reason: event.reason });
        return;
      case 'identify.ambiguous':
        if (event.source === 'scan') dispatch({ type: 'ambiguous' });
        return;
      case 'session.cleared':
        crmSummary = null;
        dispatch({ type: 'session_cleared', reason: event.reason });
        return;
      case 'receipt.queued':
        dispatch({ type: 'receipt_queued', profileId: event.profileId, total: event.total, currency: event.currency });
        return;
      case 'points.redeemed':
        dispatch({ type: 'profile_updated', profile: event.profile });
        return;
      case 'stepup.completed':
        dispatch({ type: 'assurance_raised', profileId: event.verification.profileId, assurance: event.assurance });
        return;
      case 'profile.summary':
        crmSummary = event;
        return;
      case 'sync.status':
        if (typeof event.status.online === 'boolean') dispatch({ type: 'connectivity', online: event.status.online });
        dispatch({ type: 'member_list', loading: event.memberList ?? null });
        if (typeof event.status.lastPullAt === 'number' || typeof event.status.lastPullAt === 'string') dispatch({ type: 'last_sync', at: event.status.lastPullAt });
        return;
      case 'customer_display.status':
        dispatch({ type: 'customer_display', connected: event.connected });
        return;
      case 'customer_join.started':
        dispatch({ type: 'join_handed', withCustomer: true });
        return;
      case 'customer_join.ended':
        // Joined: the new member's `identified` event shows them; cancelled on the customer display: back to the form.
        if (event.reason === 'cancelled') dispatch({ type: 'join_handed', withCustomer: false });
        return;
      default:
        return;
    }
  }

  async function refreshHealth(): Promise<void> {
    const health = await client.health();
    if (!health.ok) return;
    dispatch({ type: 'connectivity', online: health.value.online });
    dispatch({ type: 'member_list', loading: health.value.memberList ?? null });
    // The time of the last copy from the register: the offline banner and the points' "as of" say it.
    const sync = await client.syncStatus();
    if (sync.ok && sync.value.lastPullAt !== undefined) dispatch({ type: 'last_sync', at: sync.value.lastPullAt });
  }

  async function loadScreens(): Promise<void> {
    const loaded = await client.screens();
    if (!loaded.ok) return;
    const first = screens === null;
    screens = loaded.value;
    dispatch({ type: 'customer_display', connected: loaded.value.customerDisplay.connected });
    // Tier names and the terms are drawn into the screens: draw them again with the till's words.
    if (first && state.screen.name !== 'idle') render(null, true);
  }

  /** After a reconnect: who is at the till now, and is the CRM reachable. */
  async function resync(): Promise<void> {
    await loadScreens();
    await refreshHealth();
    const session = await client.session();
    if (!session.ok) return;
    const customer = session.value.customer;
    crmSummary = session.value.summary ?? null;
    if (customer) dispatch({ type: 'identified', member: { profile: customer.profile, assurance: customer.assurance } });
    else dispatch({ type: 'session_cleared', reason: 'api' });
  }

  const stopFeed = startEventFeed(client, {
    connected() {
      connected = true;
      disconnectedBanner.hidden = true;
      void resync();
    },
    disconnected(p) {
      connected = false;
      disconnectedBanner.hidden = false;
      if (p?.type === 'unauthorized') problem(p);
    },
    event: onEvent,
  });

  const healthTimer = setInterval(() => void refreshHealth(), HEALTH_POLL_MS);
  // The till forgets an idle customer on its own and says so (`session.cleared`, reason `timeout`); after a lost
  // connection, resync() reads the session again: no polling.

  /** Closes the notice and gives the focus back to the screen when it was on the notice's button. */
  function dismissNotice(): void {
    const onButton = document.activeElement === noticeClose;
    dispatch({ type: 'notice_cleared' });
    if (onButton || focusLost()) view?.focus();
  }

  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    // On the idle screen Esc has nothing else to do: it closes the notice. Elsewhere it leaves the screen as always,
    // and the notice goes with it.
    if (state.screen.name === 'idle') {
      if (state.notice !== null) dismissNotice();
      return;
    }
    if (state.screen.name === 'manager') managerActions.close();
    else if (state.screen.name === 'member') cashierActions.done();
    else if (state.screen.name === 'redeem') dispatch({ type: 'redeem_closed' });
    else if (state.screen.name === 'join' || state.screen.name === 'pin') cashierActions.cancel();
  };
  window.addEventListener('keydown', onKey);

  renderFrame();
  render(null);

  return {
    scanned(label) {
      void identify(label, 'scan');
    },
    startTypedLookup() {
      if (state.screen.name === 'member') cashierActions.done();
      return main.querySelector<HTMLInputElement>('input[data-wedge-field="lookup"]');
    },
    stop() {
      stopFeed();
      clearInterval(healthTimer);
      window.removeEventListener('keydown', onKey);
      view?.dispose?.();
    },
  };
}
