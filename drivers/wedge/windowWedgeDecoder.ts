import { charForKey } from '../keyboard/charForKey';
import type { LayoutId } from '../keyboard/keyboardLayout';
import { LAYOUTS } from '../keyboard/layouts';
import { buildScanEvent } from '../scan/buildScanEvent';
import type { ScanEvent } from '../scanEvent';
import { isModifierKey, type WedgeKeyEvent } from './wedgeKeyEvent';

export interface WindowWedgeOptions {
  /** The layout the scanner types in (not the OS layout). */
  layout: LayoutId;
  /** Fewest characters a burst needs to be a scan. */
  minLength: number;
  /** Longest pause between keys of one burst, ms. Scanners type at 2–15 ms a key, people at 80 ms or more. */
  maxGapMs: number;
  terminator: 'enter' | 'tab' | 'enter-or-tab';
  /** When false, a fast burst that simply stops (a scanner with no suffix) is a scan too. */
  requireTerminator: boolean;
  maxLength: number;
  deviceId: string;
  /** Epoch ms for the scan event's receivedAt. */
  now: () => number;
}

export const DEFAULT_WINDOW_WEDGE_OPTIONS: Omit<WindowWedgeOptions, 'layout'> = {
  minLength: 6,
  maxGapMs: 40,
  terminator: 'enter-or-tab',
  requireTerminator: true,
  maxLength: 4096,
  deviceId: 'window-wedge',
  now: () => Date.now(),
};

/**
 * What to do with key events:
 * - `hold`: keep this key from the page for now (preventDefault); it may be part of a scan;
 * - `pass-through`: these keys are a person's typing: the ones held earlier must be given back to the page
 *   (insert their `key`), and if the current event is among them, simply let it through;
 * - `scan`: the held keys and the current terminator were a scanner; they are consumed.
 */
export type WedgeDecision =
  | { kind: 'hold'; event: WedgeKeyEvent }
  | { kind: 'pass-through'; events: WedgeKeyEvent[] }
  | { kind: 'scan'; label: string; scan: ScanEvent };

/**
 * Tells a keyboard-wedge scanner's burst from a person's typing, by timing alone, in pure code (the renderer
 * binds it to the window). Physical key codes go through the scanner's layout, so the label does not depend
 * on the till's keyboard settings.
 */
export class WindowWedgeDecoder {
  private readonly options: WindowWedgeOptions;
  private held: WedgeKeyEvent[] = [];
  private text = '';

  constructor(options: Partial<WindowWedgeOptions> & { layout: LayoutId }) {
    this.options = { ...DEFAULT_WINDOW_WEDGE_OPTIONS, ...options };
  }

  /** When to call `timeout` (in the events' time base), or null when nothing is held. */
  deadline(): number | null {
    const last = this.held.at(-1);
    return last === undefined ? null : last.timeStamp + this.options.maxGapMs + 1;
  }

  keydown(event: WedgeKeyEvent): WedgeDecision[] {
    if (isModifierKey(event)) return [{ kind: 'pass-through', events: [event] }];
    const out: WedgeDecision[] = [];
    const last = this.held.at(-1);
    if (last !== undefined && event.timeStamp - last.timeStamp > this.options.maxGapMs) out.push(...this.releaseHeld());
    if (event.repeat) return [...out, ...this.releaseHeld(event)];

    if (this.isTerminator(event.code)) {
      if (this.held.length >= this.options.minLength) out.push(this.scanFromHeld(event.timeStamp));
      else out.push(...this.releaseHeld(event));
      return out;
    }

    const altGr = event.altGraph === true || (event.ctrlKey && event.altKey);
    const ctrl = !altGr && (event.ctrlKey || event.metaKey === true);
    // A shortcut (Ctrl+C) outside a burst is a person; inside one it may be a scanner's control character (GS).
    if (ctrl && this.held.length === 0) return [...out, { kind: 'pass-through', events: [event] }];
    const char = charForKey(LAYOUTS[this.options.layout], event.code, { shift: event.shiftKey, altGr, ctrl });
    if (char === null) return [...out, ...this.releaseHeld(event)];
    this.held.push(event);
    this.text += char;
    if (this.held.length > this.options.maxLength) return [...out, ...this.releaseHeld()];
    out.push({ kind: 'hold', event });
    return out;
  }

  /** Call at `deadline()`: a burst that stopped without a terminator. */
  timeout(now: number): WedgeDecision[] {
    const last = this.held.at(-1);
    if (last === undefined || now - last.timeStamp <= this.options.maxGapMs) return [];
    if (!this.options.requireTerminator && this.held.length >= this.options.minLength) return [this.scanFromHeld(last.timeStamp)];
    return this.releaseHeld();
  }

  private isTerminator(code: string): boolean {
    const t = this.options.terminator;
    if (code === 'Enter' || code === 'NumpadEnter') return t !== 'tab';
    if (code === 'Tab') return t !== 'enter';
    return false;
  }

  private releaseHeld(current?: WedgeKeyEvent): WedgeDecision[] {
    const events = current ? [...this.held, current] : this.held;
    this.held = [];
    this.text = '';
    return events.length === 0 ? [] : [{ kind: 'pass-through', events }];
  }

  private scanFromHeld(lastAt: number): WedgeDecision {
    const firstAt = this.held[0]?.timeStamp ?? lastAt;
    const text = this.text;
    this.held = [];
    this.text = '';
    const scan = buildScanEvent({
      deviceId: this.options.deviceId,
      transport: 'window-wedge',
      text,
      raw: new TextEncoder().encode(text),
      firstAt: 0,
      lastAt: lastAt - firstAt,
    });
    scan.receivedAt = this.options.now();
    return { kind: 'scan', label: scan.label, scan };
  }
}
