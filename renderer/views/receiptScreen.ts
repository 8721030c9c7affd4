import type { CashierState } from '../cashierState';
import { el } from '../elements';
import { checkIcon } from '../icons';
import { possessive } from '../i18n/language';
import { formatMoney } from '../localeFormat';
import type { ScreenView, ViewContext } from './screenView';

/** A short confirmation that the sale reached the membership; the app returns to idle by itself. */
export function receiptScreen(ctx: ViewContext, receipt: { firstName: string | null; total: number; currency: string }): ScreenView {
  const total = formatMoney(ctx.language, receipt.total, receipt.currency);
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('receipt.heading'));
  const offline = el('p', { class: 'muted', hidden: true }, ctx.t('receipt.offline'));
  const root = el(
    'section',
    { class: 'screen receipt', 'aria-labelledby': 'screen-heading' },
    el('div', { class: 'receipt-mark' }, checkIcon()),
    heading,
    el(
      'p',
      { class: 'lead' },
      receipt.firstName
        ? ctx.t('receipt.toMember', { total, owner: possessive(ctx.language, receipt.firstName) })
        : ctx.t('receipt.toMemberNoName', { total }),
    ),
    offline,
  );
  return {
    root,
    focus: () => heading.focus(),
    update(state: CashierState) {
      offline.hidden = state.online;
    },
  };
}
