import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { buildScanEvent } from '../scan/buildScanEvent';
import type { Transport } from '../scanEvent';
import type { FrameErrorEvent, ScannerDeviceEvents } from './scannerDevice';

/** A frame already turned into text by the transport's framer or report decoder. */
export interface TextFrameOutput {
  kind: 'frame';
  text: string;
  raw: Uint8Array;
  aimId?: string;
  firstAt: number;
  lastAt: number;
}

/** Bytes the framer or decoder threw away. */
export interface DroppedBytesOutput {
  kind: 'error';
  code: FrameErrorEvent['code'];
  discardedBytes: number;
  at: number;
}

export type ScannerOutput = TextFrameOutput | DroppedBytesOutput;

/** The device the outputs came from, and where its events go. */
export interface ScannerOutputTarget {
  deviceId: string;
  transport: Transport;
  logger: Logger;
  events: EventEmitter<ScannerDeviceEvents>;
}

/** Turns what a device decoded into its events: a `scan` per frame, a `frame-error` (and a warning) per drop. */
export function emitScannerOutputs(target: ScannerOutputTarget, outputs: readonly ScannerOutput[]): void {
  const { deviceId, transport, logger, events } = target;
  for (const output of outputs) {
    if (output.kind === 'error') {
      logger.warn({ deviceId, code: output.code, discardedBytes: output.discardedBytes }, 'scanner frame dropped');
      events.emit('frame-error', { deviceId, transport, code: output.code, discardedBytes: output.discardedBytes, at: output.at });
      continue;
    }
    const frame = { deviceId, transport, text: output.text, raw: output.raw, firstAt: output.firstAt, lastAt: output.lastAt };
    events.emit('scan', buildScanEvent(output.aimId !== undefined ? { ...frame, aimId: output.aimId } : frame));
  }
}
