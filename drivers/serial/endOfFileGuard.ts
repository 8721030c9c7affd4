import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(fsRead);

/** The parts of a serialport unix port binding (@serialport/bindings-cpp) the guard relies on. */
interface UnixPortBinding {
  isOpen: boolean;
  fd: number | null;
  poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
}

function isUnixPortBinding(port: unknown): port is UnixPortBinding {
  const p = port as Partial<UnixPortBinding> | null;
  return typeof p === 'object' && p !== null && typeof p.fd === 'number' && typeof p.poller?.once === 'function' && typeof p.read === 'function';
}

function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

/**
 * serialport's unix read retries forever when read() returns 0 bytes, which is what a tty gives once its
 * device is gone (a hung-up USB serial port, a pty whose master closed): the process spins and the unplug
 * is never reported (serialport/bindings-cpp#162). This read treats end of file as a disconnect, so the
 * stream closes with `disconnected: true` and the device is reopened like after any unplug.
 * Ports that are not unix bindings (Windows) are returned unchanged.
 */
export function guardEndOfFile<T>(port: T): T {
  if (!isUnixPortBinding(port)) return port;
  port.read = async (buffer, offset, length) => {
    for (;;) {
      if (!port.isOpen || port.fd === null) throw canceled();
      try {
        const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
        if (bytesRead === 0) throw Object.assign(new Error('end of file: the device is gone'), { code: 'EOF', disconnect: true });
        return { bytesRead, buffer };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw error;
        if (!port.isOpen) throw canceled();
        await new Promise<void>((resolve, reject) => port.poller.once('readable', (e) => (e ? reject(e) : resolve())));
      }
    }
  };
  return port;
}
