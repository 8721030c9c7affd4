// ISO/IEC 7813 magnetic stripe data as card readers send it: track 1 `%B<PAN>^<NAME>^<YYMM><service>…?`,
// track 2 `;<PAN>=<YYMM><service>…?`, each optionally followed by its LRC character, often both in one swipe
// (track 1 then track 2, sometimes track 3 after them). We only want the account number (PAN).

export type MagstripeOutcome = { ok: true; pan: string; tracks: Array<1 | 2> } | { ok: false; reason: 'malformed' };
export type TrackOutcome = { ok: true; pan: string } | { ok: false; reason: 'malformed' };

/** ISO 7813 maximum lengths, sentinels included. */
const TRACK1_MAX = 79;
const TRACK2_MAX = 40;
const TRACK3_MAX = 107;
const NAME_MAX = 26;
/** ISO/IEC 7812 allows up to 19 digits; shorter than 6 is not an account number. */
const PAN_MIN = 6;
const PAN_MAX = 19;

const MALFORMED = { ok: false, reason: 'malformed' } as const;

/** True when `input` starts with a track 1 or track 2 start sentinel: worth handing to `parseMagstripe`. */
export function looksLikeMagstripe(input: string): boolean {
  const first = input.charCodeAt(0);
  return first === 0x25 /* % */ || first === 0x3b /* ; */;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Reads a PAN of digits from `start` up to `separator`; returns the index of the separator or -1. */
function panEnd(track: string, start: number, separator: number): number {
  let i = start;
  while (i < track.length && isDigit(track.charCodeAt(i))) i++;
  const length = i - start;
  if (length < PAN_MIN || length > PAN_MAX || track.charCodeAt(i) !== separator) return -1;
  return i;
}

/** Printable ASCII that is not a sentinel or field separator of track 1. */
function isTrack1Text(code: number, allowCaret: boolean): boolean {
  if (code < 0x20 || code > 0x7e) return false;
  if (code === 0x25 || code === 0x3f || code === 0x3b) return false; // % ? ;
  return allowCaret || code !== 0x5e;
}

/** Parses one track 1 (`%B…?`, sentinels included, no LRC). */
export function parseTrack1(track: string): TrackOutcome {
  if (track.length < 4 || track.length > TRACK1_MAX) return MALFORMED;
  if (track.charCodeAt(0) !== 0x25 || track.charCodeAt(1) !== 0x42 /* B */) return MALFORMED;
  const last = track.length - 1;
  if (track.charCodeAt(last) !== 0x3f) return MALFORMED;
  const panStop = panEnd(track, 2, 0x5e /* ^ */);
  if (panStop < 0) return MALFORMED;
  let i = panStop + 1;
  const nameStart = i;
  while (i < last && track.charCodeAt(i) !== 0x5e) {
    if (!isTrack1Text(track.charCodeAt(i), false)) return MALFORMED;
    i++;
  }
  if (i >= last || i - nameStart > NAME_MAX) return MALFORMED; // the second ^ is required
  for (i++; i < last; i++) if (!isTrack1Text(track.charCodeAt(i), true)) return MALFORMED;
  return { ok: true, pan: track.slice(2, panStop) };
}

/** Parses one track 2 (`;…=…?`, sentinels included, no LRC). */
export function parseTrack2(track: string): TrackOutcome {
  if (track.length < 4 || track.length > TRACK2_MAX) return MALFORMED;
  if (track.charCodeAt(0) !== 0x3b) return MALFORMED;
  const last = track.length - 1;
  if (track.charCodeAt(last) !== 0x3f) return MALFORMED;
  const panStop = panEnd(track, 1, 0x3d /* = */);
  if (panStop < 0) return MALFORMED;
  for (let i = panStop + 1; i < last; i++) {
    const code = track.charCodeAt(i);
    if (!isDigit(code) && code !== 0x3d) return MALFORMED;
  }
  return { ok: true, pan: track.slice(1, panStop) };
}

/** Track 3 is read past, not used: digits and field separators between sentinels. */
function isTrack3(track: string): boolean {
  if (track.length < 2 || track.length > TRACK3_MAX) return false;
  for (let i = 1; i < track.length - 1; i++) {
    const code = track.charCodeAt(i);
    if (!isDigit(code) && code !== 0x3d) return false;
  }
  return true;
}

function isGap(code: number): boolean {
  return code === 0x20 || code === 0x0d || code === 0x0a || code === 0x09;
}

/** Cuts the track starting at `start` (through its end sentinel) and skips its LRC and any line break after it. */
function cutTrack(input: string, start: number, maxLength: number): { track: string; next: number } | undefined {
  const end = input.indexOf('?', start);
  if (end < 0 || end - start + 1 > maxLength) return undefined;
  let next = end + 1;
  // An LRC character may follow the end sentinel. It can be any character, so it is only taken as an LRC
  // when it does not start the next track, or when it is the very last character.
  if (next < input.length) {
    const code = input.charCodeAt(next);
    const startsTrack = code === 0x3b || code === 0x2b; // ; or +
    if (!isGap(code) && (!startsTrack || next === input.length - 1)) next++;
  }
  while (next < input.length && isGap(input.charCodeAt(next))) next++;
  return { track: input.slice(start, end + 1), next };
}

/**
 * Parses a swipe: track 1, track 2, or both (track 1 first), optionally followed by track 3, with optional LRC
 * characters and line breaks between tracks. Both tracks present must carry the same PAN.
 */
export function parseMagstripe(input: string): MagstripeOutcome {
  let pos = 0;
  let pan: string | undefined;
  const tracks: Array<1 | 2> = [];

  if (input.charCodeAt(pos) === 0x25) {
    const cut = cutTrack(input, pos, TRACK1_MAX);
    if (!cut) return MALFORMED;
    const track1 = parseTrack1(cut.track);
    if (!track1.ok) return MALFORMED;
    pan = track1.pan;
    tracks.push(1);
    pos = cut.next;
  }
  if (input.charCodeAt(pos) === 0x3b) {
    const cut = cutTrack(input, pos, TRACK2_MAX);
    if (!cut) return MALFORMED;
    const track2 = parseTrack2(cut.track);
    if (!track2.ok || (pan !== undefined && pan !== track2.pan)) return MALFORMED;
    pan = track2.pan;
    tracks.push(2);
    pos = cut.next;
  }
  if (pan === undefined) return MALFORMED;
  if (pos < input.length) {
    const code = input.charCodeAt(pos);
    if (code !== 0x3b && code !== 0x2b) return MALFORMED;
    const cut = cutTrack(input, pos, TRACK3_MAX);
    if (!cut || !isTrack3(cut.track) || cut.next !== input.length) return MALFORMED;
  }
  return { ok: true, pan, tracks };
}
