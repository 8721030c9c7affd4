import { guessSymbology } from '../aim/guessSymbology';
import { isAimId, splitAimPrefix } from '../aim/splitAimPrefix';
import { symbologyFromAim } from '../aim/symbologyFromAim';
import type { ScanEvent, Transport } from '../scanEvent';
import { bytesToBase64 } from './base64';

export interface ScanFrame {
  deviceId: string;
  transport: Transport;
  /** The decoded text with prefix and suffix already removed; may still start with an AIM identifier. */
  text: string;
  /** The bytes (or reports) as they arrived, for diagnostics. */
  raw: Uint8Array;
  /** An AIM identifier carried outside the text (HID-POS has a field for it). */
  aimId?: string;
  firstAt: number;
  lastAt: number;
}

/** The one place a frame from any transport becomes a ScanEvent: AIM split, symbology named or guessed. */
export function buildScanEvent(frame: ScanFrame): ScanEvent {
  let label = frame.text;
  let aimId = frame.aimId !== undefined && isAimId(frame.aimId) ? frame.aimId : undefined;
  if (aimId === undefined) {
    const split = splitAimPrefix(frame.text);
    if (split) {
      aimId = split.aimId;
      label = split.rest;
    }
  }
  const named = aimId === undefined ? null : symbologyFromAim(aimId, label);
  const event: ScanEvent = {
    deviceId: frame.deviceId,
    transport: frame.transport,
    label,
    raw: bytesToBase64(frame.raw),
    symbology: named ?? guessSymbology(label),
    symbologyGuessed: named === null,
    receivedAt: frame.lastAt,
    transmitMs: Math.max(0, frame.lastAt - frame.firstAt),
  };
  if (aimId !== undefined) event.aimId = aimId;
  return event;
}
