// Character-level checks shared by the parsers: plain loops over char codes, linear and allocation-free.

/** Control characters (C0, DEL, C1) and the Unicode spaces `String.prototype.trim` knows. */
function isTrimmable(code: number): boolean {
  return (
    code <= 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Strips whitespace and control characters from both ends: scanners add CR/LF/TAB suffixes and sometimes
 * STX/ETX framing, and pasted text brings non-breaking spaces.
 */
export function trimInput(input: string): string {
  let start = 0;
  let end = input.length;
  while (start < end && isTrimmable(input.charCodeAt(start))) start++;
  while (end > start && isTrimmable(input.charCodeAt(end - 1))) end--;
  return start === 0 && end === input.length ? input : input.slice(start, end);
}

/** True when any C0/C1 control character or DEL remains (e.g. the GS separators of GS1 data). */
export function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** True when `text` is non-empty and only ASCII digits. */
export function isAsciiDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** Removes ASCII spaces and hyphens, the separators people type inside card numbers. */
export function withoutSpacesAndHyphens(text: string): string {
  if (text.indexOf(' ') === -1 && text.indexOf('-') === -1) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== ' ' && ch !== '-') out += ch;
  }
  return out;
}

/** Upper-cases ASCII letters only (locale-independent, leaves everything else alone). */
export function asciiUpperCase(text: string): string {
  let needs = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) {
      needs = true;
      break;
    }
  }
  if (!needs) return text;
  return text.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** True when `text` starts with `prefix`, ignoring ASCII case (`prefix` given in lower case). */
export function startsWithIgnoringCase(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix;
}
