import { z } from 'zod';

export const LayoutIdSchema = z.enum(['us', 'sv', 'de', 'fr']);
export type LayoutId = z.infer<typeof LayoutIdSchema>;

/** What one physical key types at each modifier level; a missing level types nothing (or is a dead key). */
export interface KeyLevels {
  base?: string;
  shift?: string;
  altGr?: string;
}

export interface KeyboardLayout {
  id: LayoutId;
  name: string;
  /** Keyed by physical key (KeyboardEvent.code). */
  keys: Readonly<Record<string, KeyLevels>>;
  /** ISO keyboards (sv, de, fr) send HID usage 0x32 for the key left of Enter. */
  isoBackslash: boolean;
}

/** Which modifiers count when a key is pressed. AltGr is Right Alt, or Ctrl+Alt as Windows sends it. */
export interface ModifierState {
  shift: boolean;
  altGr: boolean;
  ctrl: boolean;
}

/** Builds a layout's key table from rows of [code, base, shift, altGr]; '' means the level types nothing. */
export function keyTable(rows: ReadonlyArray<readonly [string, string, string, string?]>): Record<string, KeyLevels> {
  const table: Record<string, KeyLevels> = {};
  for (const [code, base, shift, altGr] of rows) {
    const levels: KeyLevels = {};
    if (base) levels.base = base;
    if (shift) levels.shift = shift;
    if (altGr) levels.altGr = altGr;
    table[code] = levels;
  }
  return table;
}

/** Letter keys typing their own letter, lower case unshifted: the common ground of the Latin layouts. */
export function letterRows(except: readonly string[] = []): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [];
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
    const code = `Key${letter.toUpperCase()}`;
    if (!except.includes(code)) rows.push([code, letter, letter.toUpperCase()]);
  }
  return rows;
}
