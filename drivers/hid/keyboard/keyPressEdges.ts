import type { BootKeyboardReport } from './bootKeyboardReport';

export interface KeyPress {
  usage: number;
  modifiers: number;
}

/**
 * Turns successive keyboard reports into key presses on their rising edge: a key held across reports is
 * one press, a release then a press is two (so "11" stays two characters, and a held key never repeats).
 */
export class KeyPressEdges {
  private held = new Set<number>();

  next(report: BootKeyboardReport): KeyPress[] {
    const presses: KeyPress[] = [];
    for (const usage of report.keys) if (!this.held.has(usage)) presses.push({ usage, modifiers: report.modifiers });
    this.held = new Set(report.keys);
    return presses;
  }

  reset(): void {
    this.held.clear();
  }
}
