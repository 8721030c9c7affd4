import type { ProfileView } from '../../main/api/contract/profile';
import type { CashierState, MemberOnScreen } from '../cashierState';
import { el } from '../elements';
import { formatDate, formatMoney, formatPoints, formatTime } from '../localeFormat';
import type { CashierActions, ScreenView, ViewContext } from './screenView';

const RECENT_SHOWN = 5;

/**
 * The member at the till: first name, level, points and how they were identified, and their last purchases.
 * Only what may be read aloud in a queue: no surname, no phone, no email, no card number, no addresses.
 */
export function memberScreen(ctx: ViewContext, actions: CashierActions, member: MemberOnScreen): ScreenView {
  const profile = member.profile;
  const name = profile.firstName ?? profile.displayName;
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, name ? ctx.t('member.greeting', { name }) : ctx.t('member.greetingNoName'));
  const asOf = el('span', { class: 'as-of', hidden: true });
  const points = el('p', { class: 'points', 'data-testid': 'points' }, el('strong', {}, ctx.t('member.points', { points: formatPoints(ctx.language, profile.pointsBalance) })), ' ', asOf);
  const badges = el(
    'ul',
    { class: 'badges', 'aria-label': ctx.t('member.heading') },
    profile.tier ? el('li', { class: 'badge tier' }, el('span', { class: 'visually-hidden' }, `${ctx.t('member.tier')}: `), profile.tier) : null,
    el('li', { class: `badge assurance assurance-${member.assurance}`, 'data-testid': 'assurance' }, ctx.t(`assurance.${member.assurance}`)),
  );
  const recentList = el('div', { class: 'recent-body' }, el('p', { class: 'muted' }, ctx.t('member.loading')));
  const done = el('button', { type: 'button', class: 'button primary wide', onclick: () => actions.done() }, ctx.t('member.done'));
  const root = el(
    'section',
    { class: 'screen member', 'aria-labelledby': 'screen-heading', 'data-profile-id': profile.id },
    el(
      'div',
      { class: 'member-card' },
      heading,
      badges,
      points,
      profile.status === 'pending_sync' ? el('p', { class: 'muted' }, ctx.t('member.newMember')) : null,
    ),
    el('section', { class: 'recent', 'aria-labelledby': 'recent-heading' }, el('h2', { id: 'recent-heading' }, ctx.t('member.recent')), recentList),
    el('div', { class: 'actions' }, done),
  );
  let shownView: ProfileView | null = null;
  return {
    root,
    focus: () => heading.focus(),
    update(state: CashierState) {
      if (state.screen.name !== 'member') return;
      const asOfTime = state.screen.member.profile.pointsAsOf;
      asOf.hidden = state.online || asOfTime === null;
      asOf.textContent = asOfTime ? ctx.t('member.pointsAsOf', { time: formatTime(ctx.language, asOfTime) }) : '';
      if (state.screen.view && state.screen.view !== shownView) {
        shownView = state.screen.view;
        recentList.replaceChildren(recentPurchases(ctx, shownView));
      }
    },
  };
}

function recentPurchases(ctx: ViewContext, view: ProfileView): HTMLElement {
  const receipts = [...view.receipts].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, RECENT_SHOWN);
  if (receipts.length === 0) return el('p', { class: 'muted' }, ctx.t('member.noRecent'));
  return el(
    'ul',
    { class: 'purchases', 'data-testid': 'purchases' },
    ...receipts.map((receipt) =>
      el(
        'li',
        { 'data-receipt-id': receipt.receiptId },
        el('span', { class: 'purchase-date' }, formatDate(ctx.language, receipt.createdAt)),
        el('span', { class: 'purchase-items' }, receipt.lineCount === 1 ? ctx.t('member.oneItem') : ctx.t('member.items', { count: receipt.lineCount })),
        el('span', { class: 'purchase-total' }, formatMoney(ctx.language, receipt.total, receipt.currency)),
      ),
    ),
  );
}
