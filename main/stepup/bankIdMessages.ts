/**
 * The words BankID's relying-party guidelines prescribe for each state of an order ("Recommended user messages",
 * RFA codes), in Swedish and English. The customer-facing screen shows these and nothing of its own, so a customer
 * sees at the till what they see everywhere else they use BankID.
 */
export type BankIdMessageKey =
  | 'RFA1' | 'RFA3' | 'RFA5' | 'RFA6' | 'RFA8' | 'RFA9' | 'RFA13' | 'RFA14' | 'RFA16' | 'RFA17' | 'RFA21' | 'RFA22' | 'RFA23';

export interface BankIdMessage {
  key: BankIdMessageKey;
  sv: string;
  en: string;
}

export const BANKID_MESSAGES: Readonly<Record<BankIdMessageKey, { sv: string; en: string }>> = {
  RFA1: { sv: 'Starta BankID-appen.', en: 'Start your BankID app.' },
  RFA3: { sv: 'Åtgärden avbruten. Försök igen.', en: 'Action cancelled. Please try again.' },
  RFA5: { sv: 'Internt tekniskt fel. Försök igen.', en: 'Internal error. Please try again.' },
  RFA6: { sv: 'Åtgärden avbruten.', en: 'Action cancelled.' },
  RFA8: {
    sv: 'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    en: 'The BankID app is not responding. Please check that it is started and that you have internet access. If you do not have a valid BankID you can get one from your bank. Try again.',
  },
  RFA9: { sv: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera.', en: 'Enter your security code in the BankID app and select Identify.' },
  RFA13: { sv: 'Försöker starta BankID-appen.', en: 'Trying to start your BankID app.' },
  RFA14: {
    sv: 'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank.',
    en: 'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably do not have a BankID which can be used for this identification on this device. If you do not have a BankID you can get one from your bank.',
  },
  RFA16: {
    sv: 'Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    en: 'The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.',
  },
  RFA17: {
    sv: 'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com',
    en: 'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you do not have the BankID app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com',
  },
  RFA21: { sv: 'Identifiering pågår.', en: 'Identification in progress.' },
  RFA22: { sv: 'Okänt fel. Försök igen.', en: 'Unknown error. Please try again.' },
  RFA23: { sv: 'Fotografera och läs av din ID-handling med BankID-appen.', en: 'Process your machine-readable travel document using the BankID app.' },
};

/** Hint codes of a pending order, by the message the guidelines give them (the till shows a QR code: no autostart). */
const PENDING: ReadonlyMap<string, BankIdMessageKey> = new Map([
  ['outstandingTransaction', 'RFA1'],
  ['noClient', 'RFA1'],
  ['started', 'RFA14'],
  ['userMrtd', 'RFA23'],
  ['userSign', 'RFA9'],
]);

const FAILED: ReadonlyMap<string, BankIdMessageKey> = new Map([
  ['expiredTransaction', 'RFA8'],
  ['certificateErr', 'RFA16'],
  ['userCancel', 'RFA6'],
  ['cancelled', 'RFA3'],
  ['startFailed', 'RFA17'],
]);

/**
 * The message for an order's state. Unknown hint codes get the guidelines' catch-alls (RFA21 while pending, RFA22
 * once failed); a complete order has no message (the till moves on). `crm_unreachable`: the till lost the CRM
 * mid-order (RFA5).
 */
export function bankIdMessageKey(state: { status: 'pending' | 'complete' | 'failed' | 'cancelled' | 'crm_unreachable'; hintCode: string | null }): BankIdMessageKey | null {
  switch (state.status) {
    case 'complete':
      return null;
    case 'cancelled':
      return 'RFA3';
    case 'crm_unreachable':
      return 'RFA5';
    case 'pending':
      return PENDING.get(state.hintCode ?? '') ?? 'RFA21';
    case 'failed':
      return FAILED.get(state.hintCode ?? '') ?? 'RFA22';
  }
}

export function bankIdMessage(key: BankIdMessageKey): BankIdMessage {
  return { key, ...BANKID_MESSAGES[key] };
}
