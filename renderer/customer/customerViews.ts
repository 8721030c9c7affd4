import { el } from '../elements';
import { translate } from '../i18n/language';
import { formatPoints } from '../localeFormat';
import type { ViewContext } from '../views/screenView';
import type { CustomerOnDisplay } from './customerState';
import { customerReceiptOffer, type ReceiptOfferDeps } from './customerReceiptOffer';

/** One screen of the customer display: its element and where focus goes (for a screen reader or a keyboard). */
export interface CustomerView {
  root: HTMLElement;
  focus(): void;
  dispose?(): void;
}

function heading(text: string): HTMLHeadingElement {
  return el('h1', { id: 'customer-heading', tabindex: -1 }, text);
}

/** A calm invitation, in both languages at once: the customer has not chosen one yet. */
export function customerIdleView(ctx: ViewContext): CustomerView {
  const other = ctx.language === 'sv' ? 'en' : 'sv';
  const h1 = heading(`${ctx.t('cd.welcome')} ${ctx.t('cd.idleQuestion')}`);
  const root = el(
    'section',
    { class: 'cd-screen cd-idle', 'aria-labelledby': 'customer-heading' },
    h1,
    el('p', { class: 'cd-lead' }, ctx.t('cd.idleHint')),
    el('p', { class: 'cd-other', lang: other }, `${translate(other, 'cd.welcome')} ${translate(other, 'cd.idleQuestion')} ${translate(other, 'cd.idleHint')}`),
  );
  return { root, focus: () => h1.focus() };
}

/** After identification: the first name and the points. Nothing more personal (the queue can see this screen). */
export function customerMemberView(ctx: ViewContext, customer: CustomerOnDisplay): CustomerView {
  const h1 = heading(customer.firstName ? ctx.t('cd.greeting', { name: customer.firstName }) : ctx.t('cd.greetingNoName'));
  const root = el(
    'section',
    { class: 'cd-screen cd-member', 'aria-labelledby': 'customer-heading' },
    h1,
    el('p', { class: 'cd-points', 'data-testid': 'customer-points' }, ctx.t('cd.points', { points: formatPoints(ctx.language, customer.points) })),
  );
  return { root, focus: () => h1.focus() };
}

/** After the sale: thanks, this sale's points when a member bought, and the offer of the receipt by e-mail or SMS. */
export function customerThanksView(ctx: ViewContext, thanks: { firstName: string | null; earned: number | null }, offer: ReceiptOfferDeps): CustomerView {
  const h1 = heading(thanks.firstName ? ctx.t('cd.thanks', { name: thanks.firstName }) : ctx.t('cd.thanksNoName'));
  const root = el(
    'section',
    { class: 'cd-screen cd-thanks', 'aria-labelledby': 'customer-heading' },
    h1,
    thanks.earned !== null && thanks.earned > 0
      ? el('p', { class: 'cd-points', 'data-testid': 'customer-earned' }, ctx.t('cd.earned', { points: formatPoints(ctx.language, thanks.earned) }))
      : null,
    el('p', { class: 'cd-lead' }, ctx.t('cd.goodbye')),
    customerReceiptOffer(ctx, offer),
  );
  return { root, focus: () => h1.focus() };
}
