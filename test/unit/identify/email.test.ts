import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../../main/identify/email';

describe('normaliseEmail', () => {
  it.each([
    ['anna.svensson@example.se', 'anna.svensson@example.se'],
    ['  Anna.Svensson@Example.SE  ', 'anna.svensson@example.se'],
    ['ANNA+KLUBB@EXAMPLE.COM', 'anna+klubb@example.com'],
    ['a@b.se', 'a@b.se'],
    ['o\'brien@example.ie', 'o\'brien@example.ie'],
    ['first_last-1@mail.sub.example.co.uk', 'first_last-1@mail.sub.example.co.uk'],
    ['kund@xn--rksmrgs-5wao1o.se', 'kund@xn--rksmrgs-5wao1o.se'],
    ['x@example.xn--p1ai', 'x@example.xn--p1ai'],
  ])('%j → %s', (input, email) => {
    expect(normaliseEmail(input)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'empty'],
    ['anna', 'no @'],
    ['@example.se', 'no local part'],
    ['anna@', 'no domain'],
    ['anna@example', 'no top-level domain'],
    ['anna@@example.se', 'two @'],
    ['anna@ex@ample.se', 'two @ apart'],
    ['anna svensson@example.se', 'a space'],
    ['.anna@example.se', 'leading dot'],
    ['anna.@example.se', 'trailing dot'],
    ['an..na@example.se', 'double dot'],
    ['anna@-example.se', 'label starts with a hyphen'],
    ['anna@example-.se', 'label ends with a hyphen'],
    ['anna@example..se', 'empty label'],
    ['anna@example.s', 'one-letter TLD'],
    ['anna@192.168.0.1', 'IP address'],
    ['anna@[192.168.0.1]', 'IP literal'],
    ['"anna"@example.se', 'quoted local part'],
    ['åsa@example.se', 'non-ASCII local part'],
    ['asa@räksmörgås.se', 'non-ASCII domain (must be punycode)'],
    ['anna?x@example.se', 'question mark'],
    [`${'a'.repeat(65)}@example.se`, 'local part over 64'],
    [`a@${'b'.repeat(64)}.se`, 'label over 63'],
    [`${'a'.repeat(60)}@${'b.'.repeat(97)}se`, 'over 254 characters'],
  ])('%j is invalid (%s)', (input) => {
    expect(normaliseEmail(input)).toEqual({ ok: false, reason: 'invalid_email' });
  });
});
