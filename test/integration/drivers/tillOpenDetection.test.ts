import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialEmulator } from '../../../drivers/emulate/serialEmulator';

// The emulator learns that a till opened the port from the pty itself, not from what serialport happens to do
// on open: a plain open() that never flushes the line (a till at a non-standard baud rate) counts too.
let emulator: SerialEmulator | undefined;
let till: FileHandle | undefined;

afterEach(async () => {
  await till?.close();
  await emulator?.stop();
  till = undefined;
  emulator = undefined;
});

const openLikeATill = (path: string) => open(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);

describe('till-open detection on a real pty', () => {
  it('is not ready before a till opens the port, ready once one opens it without a flush, and not ready after it closes it', async () => {
    emulator = new SerialEmulator();
    const path = await emulator.plug();
    expect(await emulator.waitForTill(300)).toBe(false);

    till = await openLikeATill(path);
    expect(await emulator.waitForTill(10_000)).toBe(true);
    expect(emulator.tillReady).toBe(true);

    await till.close();
    till = undefined;
    const deadline = Date.now() + 10_000;
    while (emulator.tillReady && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator.tillReady).toBe(false);

    till = await openLikeATill(path);
    expect(await emulator.waitForTill(10_000)).toBe(true);
  });

  it('what is sent once the till has the port open reaches it', async () => {
    emulator = new SerialEmulator();
    till = await openLikeATill(await emulator.plug());
    expect(await emulator.waitForTill(10_000)).toBe(true);
    await emulator.write(Buffer.from('7350053850019\r'));
    const received: Buffer[] = [];
    const deadline = Date.now() + 10_000;
    while (Buffer.concat(received).length < 14 && Date.now() < deadline) {
      const { bytesRead, buffer } = await till.read(Buffer.alloc(64), 0, 64, null).catch(() => ({ bytesRead: 0, buffer: Buffer.alloc(0) }));
      if (bytesRead > 0) received.push(buffer.subarray(0, bytesRead));
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Buffer.concat(received).toString('latin1')).toBe('7350053850019\r');
  });
});
