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
    profile.tier ? el('li', { class: 'badge tier' }, el('span', { class: 'visually-hidden' }, `${ctx.t('member.tier')}: `), profile.tier) : null,
    el('li', { class: `badge assurance assurance-${member.assurance}`, 'data-testid': 'assurance' }, ctx.t(`assurance.${member.assurance}`)),
  );
  const recentList = el('div', { class: 'recent-body' }, el('p', { class: 'muted' }, ctx.t('member.loading')));
  const offers = el('div', { class: 'offers', hidden: true });
  const done = el('button', { type: 'button', class: 'button primary wide', onclick: () => actions.done() }, ctx.t('member.done'));
  // A member made at this till has nothing to redeem until the CRM knows them.
  const redeem = profile.status === 'active' ? el('button', { type: 'button', class: 'button quiet wide', onclick: () => actions.redeem() }, ctx.t('rd.open')) : null;
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
    el('div', { class: 'actions' }, redeem, done),
  );
  let shownView: ProfileView | null = null;
  let crm = known;
  let online: boolean | null = null;
  function renderCrmPart(): void {
    const shown = crm ?? (shownView?.offers && shownView.recentPurchases ? { offers: shownView.offers, recentPurchases: shownView.recentPurchases } : undefined);
    renderOffers(ctx, offers, shown, online ?? true);
    if (shownView) recentList.replaceChildren(recentPurchases(ctx, shownView, shown));
  }
  return {
    root,
    focus: () => heading.focus(),
    update(state: CashierState) {
      if (state.screen.name !== 'member') return;
      const balance = state.screen.member.profile.pointsBalance;
      pointsText.textContent = ctx.t('member.points', { points: formatPoints(ctx.language, balance) });
      const asOfTime = state.screen.member.profile.pointsAsOf;
      asOf.hidden = state.online || asOfTime === null;
      asOf.textContent = asOfTime ? ctx.t('member.pointsAsOf', { time: formatTime(ctx.language, asOfTime) }) : '';
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

/** At most three offer titles; offline, a quiet word that offers need the network; nothing when there are none. */
function renderOffers(ctx: ViewContext, host: HTMLElement, crm: CrmPart | undefined, online: boolean): void {
  const titles = crm?.offers.slice(0, OFFERS_SHOWN).map((offer) => el('li', {}, offer.title)) ?? [];
  host.hidden = titles.length === 0 && online;
  host.replaceChildren(
    el('h2', { class: 'offers-heading' }, ctx.t('member.offers')),
    titles.length > 0 ? el('ul', { class: 'offer-list', 'data-testid': 'offers' }, ...titles) : el('p', { class: 'muted' }, ctx.t('member.offersNeedNetwork')),
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
