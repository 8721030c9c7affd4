import type { EventEmitter } from 'node:events';
import type { FrameErrorCode } from '../framing/framerOutput';
import type { DeviceStatus, ScanEvent, Transport } from '../scanEvent';

/** Why bytes were dropped: a serial framing rule, or a HID report decoder (`bad-report`: wrong length, impossible fields). */
export type DropCode = FrameErrorCode | 'bad-report';

/** Bytes a device dropped, and why. Carries counts only, never the bytes. */
export interface FrameErrorEvent {
  deviceId: string;
  transport: Transport;
  code: DropCode;
  discardedBytes: number;
  at: number;
}

/** Bytes (serial) or one report (HID) as they arrived: for `tillid record` only; never log these. */
export interface RawChunkEvent {
  deviceId: string;
  kind: 'bytes' | 'report';
  bytes: Uint8Array;
  at: number;
}

export interface ScannerDeviceEvents {
  scan: [ScanEvent];
  status: [DeviceStatus];
  'frame-error': [FrameErrorEvent];
  raw: [RawChunkEvent];
}

/** One configured scanner, whatever its transport: opens, reads, recovers by itself until stopped. */
export interface ScannerDevice extends EventEmitter<ScannerDeviceEvents> {
  readonly id: string;
  start(): void;
  stop(): Promise<void>;
  status(): DeviceStatus;
}
