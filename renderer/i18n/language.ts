import { english, type MessageKey } from './english';
import { swedish } from './swedish';

export type Language = 'sv' | 'en';
export type MessageParams = Record<string, string | number>;

const tables: Record<Language, Record<MessageKey, string>> = { sv: swedish, en: english };
export const LANGUAGE_STORAGE_KEY = 'tillid.language';

/** Fills `{name}` placeholders; a missing parameter is left visible rather than hidden. */
export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  return tables[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function parseLanguage(value: string | null | undefined): Language | null {
  return value === 'sv' || value === 'en' ? value : null;
}

/** Swedish unless the till was switched to English (kept across restarts in localStorage). */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | null): Language {
  try {
    return parseLanguage(storage?.getItem(LANGUAGE_STORAGE_KEY)) ?? 'sv';
  } catch {
    return 'sv';
  }
}

export function rememberLanguage(storage: Pick<Storage, 'setItem'> | null, language: Language): void {
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode or a full store: the choice lasts for this page only, which is fine.
  }
}

export function localeOf(language: Language): string {
  return language === 'sv' ? 'sv-SE' : 'en-GB';
}

/** "Anna’s" / "Annas", "Jonas’s" / "Jonas": the owner form of a first name. */
export function possessive(language: Language, name: string): string {
  if (language === 'en') return `${name}’s`;
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}
