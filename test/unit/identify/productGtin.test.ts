import { describe, expect, it } from 'vitest';
import { isProductGtin } from '../../../main/identify/productGtin';

// Issue 11.8: a scan event carries its label only when the label is plainly a product code.
describe('isProductGtin: which scanned labels may leave the till in an event', () => {
  it.each([
    ['an EAN-13 product code', '7310865004703'],
    ['a GTIN-8', '73108658'],
    ['a UPC-A (GTIN-12)', '036000291452'],
    ['a GTIN-14', '07310865004703'],
  ])('passes on %s', (_name, label) => {
    expect(isProductGtin(label)).toBe(true);
  });

  it.each([
    ['an EAN-13 with a wrong check digit', '7310865004704'],
    ['a 16-digit card number', '4111111111111111'],
    ['a MECARD with phone and e-mail', 'MECARD:N:Svensson,Anna;TEL:+46701234567;EMAIL:anna@example.se;;'],
    ['an SMSTO: link', 'SMSTO:+46701234567:Hej'],
    ['a tel: link', 'tel:+46701234567'],
    ['a Swedish personal number that happens to carry a valid GS1 check digit', '198112181097'],
    ['a phone number in 00 form that happens to carry a valid GS1 check digit', '0046701234566'],
    ['a bare mobile number', '0701234567'],
    ['a GS1 element string with other fields', '(01)07310865004703(10)ABC'],
    ['a product code with a space around it', ' 7310865004703'],
    ['a URL', 'https://example.com/p/7310865004703'],
    ['nothing', ''],
  ])('keeps back %s', (_name, label) => {
    expect(isProductGtin(label)).toBe(false);
  });
});
