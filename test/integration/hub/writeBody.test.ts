import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SLICE_CHARS, writeBody } from '../../../hub/http/writeBody';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server answering `body` through writeBody; counts the slices it wrote (res.write calls). */
async function serve(body: string): Promise<{ url: string; slices: () => number; finished: Promise<void> }> {
  let slices = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    const write = res.write.bind(res) as (chunk: string) => boolean;
    res.write = ((chunk: string) => {
      slices++;
      return write(chunk);
    }) as typeof res.write;
    void writeBody(res, body).then(finish);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, slices: () => slices, finished };
}

describe('a long reply body', () => {
  it('arrives whole, byte for byte, written a slice at a time, with a surrogate pair across a slice boundary', async () => {
    const body = `${'a'.repeat(SLICE_CHARS - 1)}😀${'Å'.repeat(SLICE_CHARS)}${'b'.repeat(3 * SLICE_CHARS)}`;
    const served = await serve(body);
    const response = await fetch(served.url);
    expect(await response.text()).toBe(body);
    await served.finished;
    expect(served.slices()).toBe(6);
  });

  it('stops writing, without throwing, when the client goes away midway', async () => {
    const body = 'x'.repeat(40 * SLICE_CHARS);
    const served = await serve(body);
    await new Promise<void>((resolve) => {
      const req = request(served.url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    await served.finished;
  });

  it('goes out in one write when it is short', async () => {
    const served = await serve('{"ok":true}');
    expect(await (await fetch(served.url)).json()).toEqual({ ok: true });
    await served.finished;
    expect(served.slices()).toBe(0);
  });
});
