/**
 * Example payloads from Voyado Engage's public v2 reference (developer.voyado.com), kept as printed there, for the
 * contract tests: the stand-in must take them, and the connector must read and write the same shapes.
 */

/** "Register a purchase", POST /api/v2/receipts (matched by contactId). */
export const DOCUMENTED_RECEIPT = {
  contact: { matchKey: '1c277c0a-ed93-4928-86cb-b0820090c111', matchKeyType: 'contactId' },
  uniqueReceiptId: '20180906468464468',
  receiptNumber: '468464468',
  createdDate: '2018-09-06T15:55:54+01:00',
  storeExternalId: '321',
  currency: 'NOK',
  exchangeRateToGroupCurrency: 1.0,
  totalGrossPrice: 200.0,
  paymentMethods: [{ type: 'Card', description: 'Debit Card', value: 200.0 }],
  items: [{
    type: 'PURCHASE', quantity: 2, grossPaidPrice: 200.0, taxAmount: 40.0, taxPercent: 25.0, sku: '10015563434', articleNumber: '2324234',
    articleName: 'Ipsum Wool Jacket', articleGroup: 'Jackets', extraData: [{ name: 'campaign', value: 'Socks 3 for 2' }, { name: 'size', value: 'M' }],
  }],
} as const;

/** "Contact overview": a contact's attributes as the reference prints them. */
export const DOCUMENTED_CONTACT_ATTRIBUTES = {
  firstName: 'Example', lastName: 'Examplesson', street: 'Sockenvägen 17', zipCode: '218 32', city: 'BUNKEFLOSTRAND',
  email: 'jane.doe@example.com', mobilePhone: '+46702291216', countryCode: 'SE',
} as const;
export const DOCUMENTED_CONTACT_ID = '33ee9958-0e09-484f-b4c4-aa3e00e1e24c';

/** "Find contact": GET /api/v2/contacts/id?mobilePhone=%2B46735654321 answers the id as a JSON string. */
export const DOCUMENTED_FOUND_ID = '2e40b702-2767-4abe-ae99-aa510108e22b';
export const DOCUMENTED_LOOKUP_PHONE = '+46735654321';

/** "Bulk read changes API": the answer, contact ids only. */
export const DOCUMENTED_CHANGED_IDS = ['b16fd8f3-d0f5-aaaa-aa60-b00300f9aaaa', 'febb6003-863d-bbbb-a4d0-b0030119bbbb'];
/** Its example fromDate, in the reference's own format. */
export const DOCUMENTED_CHANGES_FROM = '2023-05-04 11:05:00.000';

/** "Redeem a promotion": a contact's promotion as the reference prints it (the name and expiry added). */
export const DOCUMENTED_PROMOTION = {
  id: 'bb247ef7-80bb-440c-beb7-ab4172e56666', promotionId: '1a50b7aa-d697-4dc6-3ce7-ab2c00b3a920', externalId: 'SO-14034', type: 'Multichannel' as const,
  redemptionChannels: [
    { type: 'POS' as const, valueType: 'EXTERNALOFFER', value: '10056', instruction: null },
    { type: 'ECOM' as const, valueType: 'EXTERNALOFFER', value: '10056', instruction: null },
  ],
};

/**
 * "Vouchers" (v3), `GET /api/v3/reward-vouchers?contactId=`: the one voucher of the reference's example answer, as
 * printed (a redeemed one).
 */
export const DOCUMENTED_VOUCHER = {
  id: 'af61c5c8-7ff8-1234-9b67-c75300738cd3',
  voucherNumber: '2511233093766',
  name: 'Bonus payment 2017-04-12 07:00',
  redeemedOn: '2023-02-08T12:15:59.212Z',
  redeemed: true,
  expiresOn: '2023-02-08T12:15:59.212Z',
  value: { currency: 'SEK', amount: 195 },
  localValues: [{ currency: 'NOK', amount: 195 }, { currency: 'EUR', amount: 19.5 }],
  points: 4869,
};
