import { z } from 'zod';
import { BilingualTextSchema, MembershipTermsSchema } from '../api/contract/screens';

/** Tier names for the emulated CRM's tiers; a store maps its own CRM's values in config.json. */
export const DEFAULT_TIER_NAMES: Record<string, { sv: string; en: string }> = {
  member: { sv: 'Medlem', en: 'Member' },
  silver: { sv: 'Silver', en: 'Silver' },
  gold: { sv: 'Guld', en: 'Gold' },
  platinum: { sv: 'Platina', en: 'Platinum' },
};

/**
 * Placeholder terms so a fresh till can take members; a store replaces them (with a new version) in config.json.
 * The version is what each consent records, so a changed text must get a changed version.
 */
export const DEFAULT_TERMS = {
  version: 'tillid-default-1',
  title: { sv: 'Medlemsvillkor', en: 'Membership terms' },
  text: {
    sv: [
      'Medlemskapet är gratis och du kan avsluta det när du vill.',
      'Vi sparar ditt telefonnummer eller din e-postadress, ditt förnamn om du anger det, och dina köp i butiken, så att du kan samla och använda poäng.',
      'Vi lämnar inte ut dina uppgifter till någon annan. Du kan när som helst be att få se eller radera dem.',
      'Erbjudanden skickas bara om du säger ja till det separat.',
    ].join('\n\n'),
    en: [
      'Membership is free and you can end it whenever you like.',
      'We keep your phone number or e-mail address, your first name if you give it, and your purchases in the store, so that you can collect and use points.',
      'We do not share your details with anyone else. You can ask to see or erase them at any time.',
      'Offers are only sent if you say yes to them separately.',
    ].join('\n\n'),
  },
};

/** `screens` in `<data>/config.json`: what the cashier screen and the customer display show. Every field has a default. */
export const ScreensConfigSchema = z
  .object({
    /** The CRM's tier values ("platinum") → the words on screen per language. Unknown tiers show as the CRM sends them. */
    tierNames: z.record(z.string().min(1).max(60), BilingualTextSchema).default(DEFAULT_TIER_NAMES),
    /** The membership terms the customer reads and accepts on joining; a new text needs a new version. */
    terms: MembershipTermsSchema.default(DEFAULT_TERMS),
    /** The loyalty scheme as the store runs it (the emulated CRM gives one point per whole krona). */
    points: z
      .object({
        perCurrencyUnit: z.number().nonnegative().max(1000).nullable().default(1),
        /** What one point is worth when redeemed, in `currency`; null hides the worth. */
        valueEach: z.number().nonnegative().max(1000).nullable().default(null),
        currency: z.string().regex(/^[A-Z]{3}$/).default('SEK'),
      })
      .default({ perCurrencyUnit: 1, valueEach: null, currency: 'SEK' }),
    /** Electron only: the customer display's window. `display` is the index in the OS's list of screens. */
    customerDisplay: z
      .object({
        enabled: z.boolean().default(false),
        display: z.number().int().min(0).max(15).default(1),
      })
      .default({ enabled: false, display: 1 }),
  })
  .strict();
export type ScreensConfig = z.infer<typeof ScreensConfigSchema>;

export function parseScreensConfig(raw: unknown = {}): ScreensConfig {
  return ScreensConfigSchema.parse(raw ?? {});
}
