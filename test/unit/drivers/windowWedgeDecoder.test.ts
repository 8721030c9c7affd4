import { describe, expect, it } from 'vitest';
import type { LayoutId } from '../../../drivers/keyboard/keyboardLayout';
import { WindowWedgeDecoder, type WindowWedgeOptions } from '../../../drivers/wedge/windowWedgeDecoder';
import type { WedgeKeyEvent } from '../../../drivers/wedge/wedgeKeyEvent';
import {
  FAST_TYPIST, HUMAN_AUTOREPEAT, HUMAN_PHONE, HUMAN_THEN_SCANNER, SCANNER_AZERTY_DIGITS, SCANNER_EAN13,
  SCANNER_STALLED, SCANNER_SWEDISH_ON_US_TILL,
} from './fixtures/wedgeKeyTimings';

/**
 * Plays key events through the decoder the way the window binding does (calling `timeout` when the deadline
 * passes) and returns what the page sees (keys it gets, in order) and what became scans.
 */
function play(events: WedgeKeyEvent[], options: Partial<WindowWedgeOptions> & { layout: LayoutId } = { layout: 'us' }) {
  const decoder = new WindowWedgeDecoder({ now: () => 0, ...options });
  const page: string[] = [];
  const scans: string[] = [];
  const apply = (decisions: ReturnType<WindowWedgeDecoder['keydown']>): void => {
    for (const d of decisions) {
      if (d.kind === 'pass-through') page.push(...d.events.filter((e) => !e.code.startsWith('Shift')).map((e) => e.key));
      if (d.kind === 'scan') scans.push(d.label);
    }
  };
  for (const event of events) {
    const deadline = decoder.deadline();
    if (deadline !== null && deadline <= event.timeStamp) apply(decoder.timeout(deadline));
    apply(decoder.keydown(event));
  }
  const deadline = decoder.deadline();
  if (deadline !== null) apply(decoder.timeout(deadline));
  return { page: page.join('').replaceAll('Enter', '⏎'), scans };
}

describe('window keyboard wedge: scanner or person, by timing', () => {
  it.each([
    ['a cashier typing a phone number', HUMAN_PHONE, { page: '0701234567⏎', scans: [] }],
    ['a fast typist', FAST_TYPIST, { page: 'anna.s⏎', scans: [] }],
    ['a held key auto-repeating', HUMAN_AUTOREPEAT, { page: '1111111⏎', scans: [] }],
    ['a scanner reading an EAN-13', SCANNER_EAN13, { page: '', scans: ['7350053850019'] }],
    ['typing, then a scan mid-way', HUMAN_THEN_SCANNER, { page: '07', scans: ['7350053850019'] }],
    ['a scanner that stalls mid-label gives no half scan; its keys reach the page', SCANNER_STALLED, { page: '735005⏎', scans: [] }],
  ])('%s', (_name, events, expected) => {
    expect(play(events)).toEqual(expected);
  });

  it('maps physical keys through the scanner layout, not the browser key: Swedish scanner on a US till', () => {
    expect(play(SCANNER_SWEDISH_ON_US_TILL, { layout: 'sv', minLength: 4 })).toEqual({ page: '', scans: ['Ö-0701'] });
  });

  it('AZERTY scanner: shifted digits, with Shift key-downs inside the burst', () => {
    expect(play(SCANNER_AZERTY_DIGITS, { layout: 'fr', minLength: 4 })).toEqual({ page: '', scans: ['001374'] });
  });

  it('a burst shorter than minLength is handed back to the page', () => {
    expect(play(SCANNER_EAN13, { layout: 'us', minLength: 20 })).toEqual({ page: '7350053850019⏎', scans: [] });
  });

  it('with requireTerminator false, a fast burst that just stops is a scan', () => {
    const noEnter = SCANNER_EAN13.filter((e) => e.code !== 'Enter');
    expect(play(noEnter, { layout: 'us', requireTerminator: false })).toEqual({ page: '', scans: ['7350053850019'] });
    expect(play(noEnter, { layout: 'us' })).toEqual({ page: '7350053850019', scans: [] });
  });

  it('terminator "enter" leaves Tab to the page', () => {
    const withTab = SCANNER_EAN13.map((e) => (e.code === 'Enter' ? { ...e, code: 'Tab', key: 'Tab' } : e));
    expect(play(withTab, { layout: 'us', terminator: 'enter' })).toEqual({ page: '7350053850019Tab', scans: [] });
    expect(play(withTab, { layout: 'us' }).scans).toEqual(['7350053850019']);
  });

  it('a shortcut outside a burst goes straight to the page', () => {
    const decoder = new WindowWedgeDecoder({ layout: 'us' });
    const ctrlC: WedgeKeyEvent = { code: 'KeyC', key: 'c', shiftKey: false, altKey: false, ctrlKey: true, timeStamp: 10 };
    expect(decoder.keydown(ctrlC)).toEqual([{ kind: 'pass-through', events: [ctrlC] }]);
    expect(decoder.deadline()).toBeNull();
  });

  it('the scan event says window-wedge, with an AIM identifier split off', () => {
    const aim = [
      { code: 'BracketRight', key: ']', shift: false }, { code: 'KeyE', key: 'E', shift: true }, { code: 'Digit0', key: '0', shift: false },
    ].map((k, i) => ({ code: k.code, key: k.key, shiftKey: k.shift, altKey: false, ctrlKey: false, timeStamp: 4990 + i * 3 }));
    const decoder = new WindowWedgeDecoder({ layout: 'us', now: () => 1_700_000_000_000 });
    const decisions = [...aim, ...SCANNER_EAN13].flatMap((e) => decoder.keydown(e));
    const scan = decisions.find((d) => d.kind === 'scan');
    expect(scan?.kind === 'scan' && scan.scan).toMatchObject({
      transport: 'window-wedge', deviceId: 'window-wedge', label: '7350053850019', aimId: ']E0', symbology: 'ean13', symbologyGuessed: false,
      receivedAt: 1_700_000_000_000, transmitMs: 5060 - 4990,
    });
  });
});
