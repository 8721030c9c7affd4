import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guardEndOfFile } from '../../../drivers/serial/endOfFileGuard';

// serialport's own read retries a 0-byte read forever (a gone tty reads as end of file): the guard must not.
const opened: number[] = [];
let dir: string | undefined;
afterEach(() => {
  for (const fd of opened.splice(0)) closeSync(fd);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fakeUnixPort(fd: number) {
  return {
    isOpen: true,
    fd,
    poller: { once: () => undefined },
    read: async (buffer: Buffer, _offset: number, _length: number) => ({ buffer, bytesRead: 0 }),
  };
}

describe('end of file on a serial port', () => {
  it('is a disconnect, not a retry', async () => {
    const fd = openSync('/dev/null', 'r');
    opened.push(fd);
    const port = guardEndOfFile(fakeUnixPort(fd));
    await expect(port.read(Buffer.alloc(16), 0, 16)).rejects.toMatchObject({ code: 'EOF', disconnect: true });
  });

  it('data still reads normally', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tillid-eof-'));
    writeFileSync(path.join(dir, 'bytes'), '7350053850019\r');
    const fd = openSync(path.join(dir, 'bytes'), 'r');
    opened.push(fd);
    const port = guardEndOfFile(fakeUnixPort(fd));
    const { bytesRead, buffer } = await port.read(Buffer.alloc(64), 0, 64);
    expect(buffer.subarray(0, bytesRead).toString()).toBe('7350053850019\r');
  });

  it('a closed port is a cancelled read', async () => {
    const port = guardEndOfFile({ ...fakeUnixPort(0), isOpen: false });
    await expect(port.read(Buffer.alloc(1), 0, 1)).rejects.toMatchObject({ canceled: true });
  });

  it('leaves ports that are not unix bindings alone (Windows)', () => {
    const windowsPort = { isOpen: true, read: async (buffer: Buffer) => ({ buffer, bytesRead: 0 }) };
    const before = windowsPort.read;
    expect(guardEndOfFile(windowsPort).read).toBe(before);
  });
});
