import type { cashierEnglish } from './cashierEnglish';

/** Kassaskärmens ord för kundskärmen och ärligheten utan anslutning, på svenska (spread into `swedish`). */
export const cashierSwedish: Record<keyof typeof cashierEnglish, string> = {
  'join.nextStep': 'Sedan godkänner kunden villkoren själv.',
  'join.handToCustomer': 'Låt kunden gå med på sin skärm',
  'join.turnScreen': 'Vänd skärmen mot kunden',
  'join.withCustomerHeading': 'Kunden fyller i på sin skärm',
  'join.withCustomerLead': 'Kunden skriver sitt mobilnummer eller sin e-post och godkänner villkoren där. Den här skärmen går vidare av sig själv.',
  'join.takeBack': 'Fyll i här i stället',
  'join.turnedLead': 'Läs villkoren. Medlemskapet börjar när du godkänner dem.',
  'join.readOtherLanguage': 'Read in English',
  'join.accept': 'Jag godkänner och går med',
  'join.turnBack': 'Tillbaka',
  'join.phoneValid': 'Numret ser rätt ut.',
  'join.phoneIncomplete': 'Numret är inte komplett än.',
  'join.phoneInvalid': 'Det är inget telefonnummer som går att använda. Kontrollera siffrorna.',
  'join.emailValid': 'Adressen ser rätt ut.',
  'join.emailInvalid': 'Det är ingen e-postadress som går att använda. Kontrollera den.',
  'join.noCustomerDisplay': 'Kundskärmen är inte ansluten. Vänd den här skärmen mot kunden i stället.',

  'offline.bannerSince': 'Ingen kontakt med medlemsregistret sedan {time}. Du kan hitta medlemmar, ta in nya och spara köp; allt skickas när kontakten är tillbaka. Poäng kan inte lösas in förrän dess.',
  'offline.bannerNever': 'Ingen kontakt med medlemsregistret. Du kan hitta medlemmar, ta in nya och spara köp; allt skickas när kontakten är tillbaka. Poäng kan inte lösas in förrän dess.',
  'member.pointsAsOfSync': 'enligt {time}',
  'member.redeemOffline': 'Poäng kan lösas in när kassan har kontakt igen.',
  'member.historyNeedsProof': 'Köphistoriken visas när kunden har visat sitt kort eller QR-koden i appen.',
  'receipt.earned': '{points} poäng för det här köpet',
  'receipt.earnedWorth': '{points} poäng för det här köpet (värda {worth})',
  'idle.waysLabel': 'Sätt att hitta medlemskapet',
  'su.bankidOnCustomerDisplay': 'QR-koden visas på kundens skärm. Be kunden öppna BankID-appen och skanna den där.',
  'notice.close': 'Stäng',
  'idle.ambiguous': 'Flera medlemmar passar in på det. Be om ett annat sätt att hitta kunden: medlemskortet, QR-koden i appen eller e-postadressen.',
};
