import { describe, expect, it } from 'vitest';
import { guessSymbology } from '../../../drivers/aim/guessSymbology';
import { hasValidGtinCheckDigit } from '../../../drivers/aim/gtinCheckDigit';
import { splitAimPrefix } from '../../../drivers/aim/splitAimPrefix';
import { symbologyFromAim } from '../../../drivers/aim/symbologyFromAim';
import { buildScanEvent } from '../../../drivers/scan/buildScanEvent';
import { ScanEventSchema } from '../../../drivers/scanEvent';

describe('AIM identifiers', () => {
  it.each([
    [']Q1TID1.eyJraWQiOiJrMSJ9.c2ln', ']Q1', 'TID1.eyJraWQiOiJrMSJ9.c2ln', 'qr'],
    [']E07350053850019', ']E0', '7350053850019', 'ean13'],
    [']E096385074', ']E0', '96385074', 'upce'],
    [']E0036000291452', ']E0', '036000291452', 'upca'],
    [']E473513537', ']E4', '73513537', 'ean8'],
    [']C0ABC-123', ']C0', 'ABC-123', 'code128'],
    [']C1010735005385001910ABC', ']C1', '010735005385001910ABC', 'code128'],
    [']d2010735005385001917250101', ']d2', '010735005385001917250101', 'datamatrix'],
    [']L2PDF DATA', ']L2', 'PDF DATA', 'pdf417'],
    [']z0AZTEC', ']z0', 'AZTEC', 'aztec'],
    [']A0CODE39', ']A0', 'CODE39', 'code39'],
    [']I112345678', ']I1', '12345678', 'itf'],
    [']F0A1234B', ']F0', 'A1234B', 'codabar'],
    [']G0CODE93', ']G0', 'CODE93', 'code93'],
    [']e00107350053850019', ']e0', '0107350053850019', 'gs1-databar'],
  ])('%j is AIM %s + %j, symbology %s', (text, aimId, rest, symbology) => {
    const split = splitAimPrefix(text);
    expect(split).toEqual({ aimId, rest });
    expect(symbologyFromAim(aimId, rest)).toBe(symbology);
  });

  it.each(['7350053850019', ']', ']E', '] 07350053850019', 'x]E07350053850019', ''])('%j has no AIM prefix', (text) => {
    expect(splitAimPrefix(text)).toBeNull();
  });

  it.each([']X0', ']Z0', ']B0'])('%s names no symbology we know', (aimId) => {
    expect(symbologyFromAim(aimId, 'anything')).toBeNull();
  });
});

describe('content-based guess', () => {
  it.each([
    ['7350053850019', 'ean13'],
    ['4006381333931', 'ean13'],
    ['73513537', 'ean8'],
    ['036000291452', 'upca'],
    ['7350053850018', 'unknown'], // wrong check digit
    ['0701234567', 'unknown'],
    ['%B4111111111111111^DOE/JANE^2512101?', 'magstripe'],
    [';4111111111111111=2512101?', 'magstripe'],
    ['TID1.eyJraWQiOiJrMSJ9.c2ln', 'qr'],
    ['https://example.com/m/123', 'qr'],
    ['hello world', 'unknown'],
  ])('%j → %s', (label, symbology) => {
    expect(guessSymbology(label)).toBe(symbology);
  });

  it.each([
    ['7350053850019', true],
    ['96385074', true],
    ['036000291452', true],
    ['12345678901231', true],
    ['7350053850010', false],
    ['735005385001', false],
    ['abc', false],
  ])('GTIN check digit of %s valid: %s', (digits, valid) => {
    expect(hasValidGtinCheckDigit(digits)).toBe(valid);
  });
});

describe('buildScanEvent', () => {
  const base = { deviceId: 'serial:/dev/ttyACM0', transport: 'serial' as const, firstAt: 1000, lastAt: 1004 };

  it('strips the AIM identifier and names the symbology from it', () => {
    const event = buildScanEvent({ ...base, text: ']E07350053850019', raw: new TextEncoder().encode(']E07350053850019\r') });
    expect(event).toMatchObject({ label: '7350053850019', aimId: ']E0', symbology: 'ean13', symbologyGuessed: false, receivedAt: 1004, transmitMs: 4 });
    expect(Buffer.from(event.raw, 'base64').toString('latin1')).toBe(']E07350053850019\r');
    expect(ScanEventSchema.parse(event)).toEqual(event);
  });

  it('guesses, and says so, when there is no AIM identifier', () => {
    const event = buildScanEvent({ ...base, text: '7350053850019', raw: new Uint8Array() });
    expect(event).toMatchObject({ label: '7350053850019', symbology: 'ean13', symbologyGuessed: true });
    expect(event.aimId).toBeUndefined();
  });

  it('takes an AIM identifier carried outside the text (HID-POS) and keeps the text whole', () => {
    const event = buildScanEvent({ ...base, text: 'TID1.x.y', aimId: ']Q1', raw: new Uint8Array() });
    expect(event).toMatchObject({ label: 'TID1.x.y', aimId: ']Q1', symbology: 'qr', symbologyGuessed: false });
  });

  it('guesses from the content when the AIM identifier names nothing we know', () => {
    const event = buildScanEvent({ ...base, text: ']X07350053850019', raw: new Uint8Array() });
    expect(event).toMatchObject({ label: '7350053850019', aimId: ']X0', symbology: 'ean13', symbologyGuessed: true });
  });

  it.each([[[]], [[0]], [[1, 2]], [[255, 254, 253]], [[1, 2, 3, 4]]])('base64 of %j matches Node', (bytes) => {
    const raw = Uint8Array.from(bytes);
    expect(buildScanEvent({ ...base, text: 'x', raw }).raw).toBe(Buffer.from(raw).toString('base64'));
  });
});
