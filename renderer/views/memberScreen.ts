import type { CrmSummary, ProfileView } from '../../main/api/contract/profile';
import type { CashierState, MemberOnScreen } from '../cashierState';
import { el } from '../elements';
import { formatDate, formatMoney, formatPoints, formatTime } from '../localeFormat';
import { recentPurchaseLines } from '../memberPurchases';
import type { CashierActions, ScreenView, ViewContext } from './screenView';

const RECENT_SHOWN = 5;
const OFFERS_SHOWN = 3;
const CHANNEL_KEYS = { store: 'channel.store', web: 'channel.web', app: 'channel.app' } as const;

/** What the CRM said of the member (offers, purchases in any channel): from the event, or the profile view. */
export type CrmPart = Pick<CrmSummary, 'offers' | 'recentPurchases'>;

/**
 * The member at the till: first name, level, points and how they were identified, and their last purchases.
 * Only what may be read aloud in a queue: no surname, no phone, no email, no card number, no addresses.
 */
export function memberScreen(ctx: ViewContext, actions: CashierActions, member: MemberOnScreen, known?: CrmPart): ScreenView {
  const profile = member.profile;
  const name = profile.firstName ?? profile.displayName;
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, name ? ctx.t('member.greeting', { name }) : ctx.t('member.greetingNoName'));
  const asOf = el('span', { class: 'as-of', hidden: true });
  const pointsText = el('strong', {}, ctx.t('member.points', { points: formatPoints(ctx.language, profile.pointsBalance) }));
  const points = el('p', { class: 'points', 'data-testid': 'points' }, pointsText, ' ', asOf);
  const badges = el(
    'ul',
    { class: 'badges', 'aria-label': ctx.t('member.heading') },
    profile.tier ? el('li', { class: 'badge tier' }, el('span', { class: 'visually-hidden' }, `${ctx.t('member.tier')}: `), ctx.tierName(profile.tier)) : null,
    el('li', { class: `badge assurance assurance-${member.assurance}`, 'data-testid': 'assurance' }, ctx.t(`assurance.${member.assurance}`)),
  );
  const recentList = el('div', { class: 'recent-body' }, el('p', { class: 'muted', 'data-testid': 'recent-loading' }, ctx.t('member.loading')));
  const offers = el('div', { class: 'offers', hidden: true });
  const done = el('button', { type: 'button', class: 'button primary wide', onclick: () => actions.done() }, ctx.t('member.done'));
  // A member made at this till has nothing to redeem until the CRM knows them; offline the CRM cannot confirm one.
  const redeem = profile.status === 'active'
    ? el('button', { type: 'button', class: 'button quiet wide', 'aria-describedby': 'redeem-offline', onclick: () => actions.redeem() }, ctx.t('rd.open'))
    : null;
  const redeemOffline = el('p', { id: 'redeem-offline', class: 'muted action-note', hidden: true }, ctx.t('member.redeemOffline'));
  const root = el(
    'section',
    { class: 'screen member', 'aria-labelledby': 'screen-heading', 'data-profile-id': profile.id },
    el(
      'div',
      { class: 'member-card' },
      heading,
      badges,
      points,
      offers,
      profile.status === 'pending_sync' ? el('p', { class: 'muted' }, ctx.t('member.newMember')) : null,
    ),
    el('section', { class: 'recent', 'aria-labelledby': 'recent-heading' }, el('h2', { id: 'recent-heading' }, ctx.t('member.recent')), recentList),
    el('div', { class: 'action-bar' }, redeemOffline, redeem, done),
  );
  let shownView: ProfileView | null = null;
  let crm = known;
  let online: boolean | null = null;
  /** Whether the step-up policy lets the history show for the customer's assurance; null while asking. */
  let history: { assurance: string; allowed: boolean | null } = { assurance: '', allowed: null };
  function renderCrmPart(): void {
    const shown = crm ?? (shownView?.offers && shownView.recentPurchases ? { offers: shownView.offers, recentPurchases: shownView.recentPurchases } : undefined);
    renderOffers(ctx, offers, shown, online ?? true, actions);
    if (history.allowed === false) recentList.replaceChildren(el('p', { class: 'muted', 'data-testid': 'history-needs-proof' }, ctx.t('member.historyNeedsProof')));
    else if (shownView && history.allowed) recentList.replaceChildren(recentPurchases(ctx, shownView, shown));
  }
  function askHistory(assurance: string): void {
    if (history.assurance === assurance) return;
    history = { assurance, allowed: null };
    void actions.historyAllowed().then((allowed) => {
      if (history.assurance !== assurance) return;
      history = { assurance, allowed };
      renderCrmPart();
    });
  }
  askHistory(member.assurance);
  return {
    root,
    focus: () => heading.focus(),
    update(state: CashierState) {
      if (state.screen.name !== 'member') return;
      const balance = state.screen.member.profile.pointsBalance;
      pointsText.textContent = ctx.t('member.points', { points: formatPoints(ctx.language, balance) });
      // Offline the balance is as the till last heard it: the later of the CRM's time for it and the last copy.
      const asOfTime = latest(state.screen.member.profile.pointsAsOf, state.lastSync);
      asOf.hidden = state.online || asOfTime === null;
      asOf.textContent = asOfTime === null ? '' : ctx.t('member.pointsAsOfSync', { time: formatTime(ctx.language, asOfTime) });
      if (redeem) {
        redeem.disabled = !state.online;
        redeemOffline.hidden = state.online;
      }
      askHistory(state.screen.member.assurance);
      const viewChanged = state.screen.view !== null && state.screen.view !== shownView;
      if (state.screen.view) shownView = state.screen.view;
      if (viewChanged || online !== state.online) {
        online = state.online;
        renderCrmPart();
      }
    },
    onEvent(event) {
      if (event.type !== 'profile.summary' || event.profileId !== profile.id) return;
      crm = { offers: event.offers, recentPurchases: event.recentPurchases };
      renderCrmPart();
    },
  };
}

function latest(a: string | number | null, b: string | number | null): number | null {
  const times = [a, b].map((time) => (time === null ? NaN : new Date(time).getTime())).filter((time) => !Number.isNaN(time));
  return times.length === 0 ? null : Math.max(...times);
}

/**
 * At most three offers, each the CRM lets a till redeem with a "Lös in"/"Redeem" button (disabled offline, with a word
 * that it needs a connection); offline without any, a quiet word that offers need the network; nothing when none.
 */
function renderOffers(ctx: ViewContext, host: HTMLElement, crm: CrmPart | undefined, online: boolean, actions: CashierActions): void {
  const shown = crm?.offers.slice(0, OFFERS_SHOWN) ?? [];
  const items = shown.map((offer) =>
    el(
      'li',
      { 'data-offer-id': offer.id },
      el('span', { class: 'offer-title' }, offer.title),
      offer.redeemable
        ? el('button', {
          type: 'button', class: 'button quiet small offer-redeem', disabled: !online, 'aria-label': ctx.t('of.redeemLabel', { title: offer.title }),
          ...(online ? {} : { 'aria-describedby': 'offers-offline' }), onclick: () => actions.redeemOffer(offer),
        }, ctx.t('of.redeem'))
        : null,
    ),
  );
  const redeemable = shown.some((offer) => offer.redeemable);
  host.hidden = items.length === 0 && online;
  const needsConnection = redeemable && !online ? [el('p', { id: 'offers-offline', class: 'muted action-note' }, ctx.t('of.needsConnection'))] : [];
  host.replaceChildren(
    el('h2', { class: 'offers-heading' }, ctx.t('member.offers')),
    items.length > 0 ? el('ul', { class: 'offer-list', 'data-testid': 'offers' }, ...items) : el('p', { class: 'muted' }, ctx.t('member.offersNeedNetwork')),
    ...needsConnection,
  );
}

function recentPurchases(ctx: ViewContext, view: ProfileView, crm: CrmPart | undefined): HTMLElement {
  const lines = recentPurchaseLines(view.receipts, crm?.recentPurchases, RECENT_SHOWN);
  if (lines.length === 0) return el('p', { class: 'muted' }, ctx.t('member.noRecent'));
  return el(
    'ul',
    { class: 'purchases', 'data-testid': 'purchases' },
    ...lines.map((line) =>
      el(
        'li',
        { 'data-receipt-id': line.receiptId, 'data-channel': line.channel },
        el('span', { class: 'purchase-date' }, formatDate(ctx.language, line.at)),
        el('span', { class: 'purchase-channel' }, ctx.t(CHANNEL_KEYS[line.channel])),
        el('span', { class: 'purchase-items' }, line.itemCount === 1 ? ctx.t('member.oneItem') : ctx.t('member.items', { count: line.itemCount })),
        el('span', { class: 'purchase-total' }, formatMoney(ctx.language, line.total, line.currency)),
      ),
    ),
  );
}
