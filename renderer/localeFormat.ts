import { localeOf, type Language } from './i18n/language';

export function formatPoints(language: Language, points: number): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 0 }).format(points);
}

/** A count of things (members), grouped as the language writes it: 12 345 / 12,345. */
export function formatCount(language: Language, count: number): string {
  return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 0 }).format(count);
}

export function formatMoney(language: Language, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency }).format(amount);
  } catch {
    // An unknown currency code: still show the amount.
    return `${new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

/** A date and time from ISO text or epoch ms; empty text for something that is not a time. */
export function formatTime(language: Language, time: string | number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * A day, short: without the year when it is this year's ("26 nov."), so a purchase list keeps its date on one line
 * beside the channel, items and total at 1024×768; with the year otherwise ("26 nov. 2025").
 */
export function formatDate(language: Language, time: string | number, now: number = Date.now()): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '';
  const thisYear = date.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(localeOf(language), thisYear ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' }).format(date);
}
