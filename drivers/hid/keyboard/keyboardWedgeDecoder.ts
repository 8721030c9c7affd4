import { z } from 'zod';
import { charForKey } from '../../keyboard/charForKey';
import { codeForUsage, MODIFIER } from '../../keyboard/hidUsages';
import type { KeyboardLayout } from '../../keyboard/keyboardLayout';
import { RawCollector, type DecodedOutput, type ReportDecoder } from '../reportDecoder';
import { parseBootKeyboardReport } from './bootKeyboardReport';
import { KeyPressEdges } from './keyPressEdges';

/** What ends a scan typed by a keyboard-wedge scanner. `none`: the keys stop (silence). */
export const WedgeSuffixSchema = z.enum(['enter', 'tab', 'enter-or-tab', 'none']);
export type WedgeSuffix = z.infer<typeof WedgeSuffixSchema>;

export interface KeyboardWedgeDecoderOptions {
  layout: KeyboardLayout;
  suffix: WedgeSuffix;
  maxFrameLength: number;
}

const IGNORED_CODES = new Set(['CapsLock', 'Escape']);

/**
 * Decodes a keyboard-wedge scanner read through hidraw: boot reports → key presses (on edges) → characters
 * through the scanner's layout → one frame per Enter/Tab. A key no layout level types becomes U+FFFD, so a
 * wrong layout shows as a broken label rather than a different valid-looking one.
 */
export class KeyboardWedgeDecoder implements ReportDecoder {
  private readonly edges = new KeyPressEdges();
  private readonly raw: RawCollector;
  private text = '';
  private firstAt = 0;
  private lastAt = 0;
  private discarding = false;

  constructor(private readonly options: KeyboardWedgeDecoderOptions) {
    this.raw = new RawCollector(options.maxFrameLength * 32);
  }

  push(report: Uint8Array, at: number): DecodedOutput[] {
    const parsed = parseBootKeyboardReport(report);
    if (!parsed.ok) {
      if (parsed.reason === 'rollover') return [];
      return [{ kind: 'error', code: 'bad-report', discardedBytes: report.length, at }];
    }
    const out: DecodedOutput[] = [];
    const presses = this.edges.next(parsed.report);
    if (presses.length > 0 || this.text.length > 0) this.raw.add(report);
    for (const press of presses) {
      const code = codeForUsage(press.usage);
      if (code === 'Enter' || code === 'NumpadEnter' || code === 'Tab') {
        const isSuffix = this.options.suffix === 'enter-or-tab' || (code === 'Tab' ? this.options.suffix === 'tab' : this.options.suffix === 'enter');
        if (isSuffix) {
          out.push(...this.finish(at));
          continue;
        }
        this.append(code === 'Tab' ? '\t' : '\r', at, out);
        continue;
      }
      if (code !== undefined && IGNORED_CODES.has(code)) continue;
      const m = press.modifiers;
      const altGr = (m & MODIFIER.rightAlt) !== 0 || ((m & MODIFIER.leftAlt) !== 0 && (m & (MODIFIER.leftCtrl | MODIFIER.rightCtrl)) !== 0);
      const char =
        code === undefined
          ? null
          : charForKey(this.options.layout, code, {
              shift: (m & (MODIFIER.leftShift | MODIFIER.rightShift)) !== 0,
              altGr,
              ctrl: !altGr && (m & (MODIFIER.leftCtrl | MODIFIER.rightCtrl)) !== 0,
            });
      this.append(char ?? '\uFFFD', at, out);
    }
    return out;
  }

  silence(at: number): DecodedOutput[] {
    if (this.discarding) {
      this.discarding = false;
      this.raw.clear();
      return [];
    }
    if (this.text.length === 0) return [];
    if (this.options.suffix === 'none') return this.finish(at);
    const discardedBytes = this.text.length;
    this.text = '';
    this.raw.clear();
    return [{ kind: 'error', code: 'incomplete', discardedBytes, at }];
  }

  hasPending(): boolean {
    return this.text.length > 0 || this.discarding;
  }

  private append(char: string, at: number, out: DecodedOutput[]): void {
    if (this.discarding) return;
    if (this.text.length === 0) this.firstAt = at;
    this.lastAt = at;
    this.text += char;
    if (this.text.length > this.options.maxFrameLength) {
      out.push({ kind: 'error', code: 'oversize', discardedBytes: this.text.length, at });
      this.text = '';
      this.raw.clear();
      this.discarding = true;
    }
  }

  private finish(at: number): DecodedOutput[] {
    if (this.discarding) {
      this.discarding = false;
      this.raw.clear();
      return [];
    }
    if (this.text.length === 0) {
      this.raw.clear();
      return [];
    }
    const frame: DecodedOutput = { kind: 'frame', text: this.text, raw: this.raw.take(), firstAt: this.firstAt, lastAt: Math.max(at, this.lastAt) };
    this.text = '';
    return [frame];
  }
}
