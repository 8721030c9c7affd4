import { describe, expect, it } from 'vitest';
import { english } from '../../../renderer/i18n/english';
import { swedish } from '../../../renderer/i18n/swedish';
import { initialLanguage, possessive, rememberLanguage, translate, LANGUAGE_STORAGE_KEY } from '../../../renderer/i18n/language';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('the screens speak Swedish and English', () => {
  it.each(Object.keys(english) as Array<keyof typeof english>)('%s has both languages with the same placeholders', (key) => {
    expect(swedish[key].trim()).not.toBe('');
    expect(english[key].trim()).not.toBe('');
    expect(placeholders(swedish[key])).toEqual(placeholders(english[key]));
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(translate('sv', 'member.greeting', { name: 'Anna' })).toBe('Hej Anna!');
    expect(translate('en', 'member.greeting')).toBe('Hello {name}!');
  });

  it.each([
    ['sv', 'Anna', 'Annas'],
    ['sv', 'Jonas', 'Jonas'],
    ['sv', 'Max', 'Max'],
    ['en', 'Anna', 'Anna’s'],
  ] as const)('the owner form of %s %s is %s', (language, name, expected) => {
    expect(possessive(language, name)).toBe(expected);
  });

  it('starts in Swedish and remembers a switch', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(initialLanguage(storage)).toBe('sv');
    rememberLanguage(storage, 'en');
    expect(store.get(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(initialLanguage(storage)).toBe('en');
  });

  it('survives storage that refuses', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(initialLanguage(broken)).toBe('sv');
    expect(() => rememberLanguage(broken, 'en')).not.toThrow();
  });
});

describe('the screens speak plain Swedish', () => {
  // Cashiers say "medlemsregistret" and "ingen kontakt", not the trade's loanwords.
  it.each(Object.entries(swedish))('%s has no "CRM" and no Offline/Online loanwords', (_key, text) => {
    expect(text).not.toMatch(/\bCRM\b|\boffline\b|\bonline\b/i);
  });

  it.each(Object.entries(english))('%s in English does not say "CRM" either', (_key, text) => {
    expect(text).not.toMatch(/\bCRM\b/);
  });
});
