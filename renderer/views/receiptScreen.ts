import type { ScreenSettings } from '../../main/api/contract/screens';
import type { CashierState } from '../cashierState';
import { el } from '../elements';
import { checkIcon } from '../icons';
import { possessive } from '../i18n/language';
import { formatMoney, formatPoints } from '../localeFormat';
import type { ScreenView, ViewContext } from './screenView';

type PointsScheme = ScreenSettings['points'];

/** A short confirmation that the sale reached the membership, with its points; the app returns to idle by itself. */
export function receiptScreen(ctx: ViewContext, receipt: { firstName: string | null; total: number; currency: string }, points: PointsScheme | null): ScreenView {
  const total = formatMoney(ctx.language, receipt.total, receipt.currency);
  const lead = el('p', { class: 'lead', 'data-testid': 'receipt-lead' });
  const showLead = (firstName: string | null): void => {
    lead.textContent = firstName ? ctx.t('receipt.toMember', { total, owner: possessive(ctx.language, firstName) }) : ctx.t('receipt.toMemberNoName', { total });
  };
  showLead(receipt.firstName);
  const earned = points?.perCurrencyUnit != null && receipt.total > 0 ? Math.floor(receipt.total * points.perCurrencyUnit) : null;
  const worth = earned !== null && points?.valueEach != null ? formatMoney(ctx.language, earned * points.valueEach, points.currency) : null;
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('receipt.heading'));
  const offline = el('p', { class: 'muted', hidden: true }, ctx.t('receipt.offline'));
  const root = el(
    'section',
    { class: 'screen receipt', 'aria-labelledby': 'screen-heading' },
    el('div', { class: 'receipt-mark' }, checkIcon()),
    heading,
    lead,
    earned !== null
      ? el('p', { class: 'receipt-points', 'data-testid': 'receipt-points' }, worth ? ctx.t('receipt.earnedWorth', { points: formatPoints(ctx.language, earned), worth }) : ctx.t('receipt.earned', { points: formatPoints(ctx.language, earned) }))
      : null,
    offline,
  );
  return {
    root,
    focus: () => heading.focus(),
    update(state: CashierState) {
      offline.hidden = state.online;
      if (state.screen.name === 'receipt') showLead(state.screen.firstName);
    },
  };
}
