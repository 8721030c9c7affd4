import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTill, type RunningTill } from '../../../main/compose/startTill';
import { httpRequest } from '../../support/httpRequest';

// Issue 11.10: a caller without the token must cost the till nothing — no decoding of what it sent, no error in the
// log, no body read.
let dir: string;
let till: RunningTill;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-unauth-'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  till = await startTill({ dataDir: dir, logger: pino({ level: 'info' }, sink), port: 0 });
});

afterAll(async () => {
  await till?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Sends headers announcing a 1 GiB body, then writes it until the till closes the connection or `limitBytes` went
 * out, whichever comes first (so the loop always ends). Answers the bytes the socket accepted and what came back.
 */
function sendHugeBody(url: string, headers: string, limitBytes: number): Promise<{ written: number; answer: string; closedByTill: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const chunk = Buffer.alloc(1 << 20, 0x78);
    let written = 0;
    let answer = '';
    let closedByTill = false;
    socket.on('data', (data: Buffer) => {
      answer += data.toString('latin1');
    });
    socket.on('error', () => {
      closedByTill = true;
    });
    socket.on('end', () => {
      closedByTill = true;
    });
    socket.on('close', () => resolve({ written, answer, closedByTill }));
    socket.write(`POST /api/v1/receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${2 ** 30}\r\n${headers}\r\n`);
    const pump = (): void => {
      while (!socket.destroyed && !closedByTill) {
        if (written >= limitBytes) {
          socket.destroy();
          return;
        }
        const accepted = socket.write(chunk, (error) => {
          if (!error) written += chunk.length;
        });
        if (!accepted) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

describe('a caller without the token', () => {
  it('gets 401, not 500, for a path with a malformed %-escape, and nothing is logged as an error', async () => {
    const res = await httpRequest(`${till.url}/api/v1/profiles/%E0%A4%A`);
    expect(res.status).toBe(401);
    expect(logLines.join('')).not.toMatch(/api request failed|"level":50/);
  });

  it('with the token, the same path is a 400 naming the bad escape', async () => {
    const res = await httpRequest(`${till.url}/api/v1/profiles/%E0%A4%A`, { headers: { authorization: `Bearer ${till.token}` } });
    expect(res.status).toBe(400);
    expect((res.json() as { type: string }).type).toMatch(/bad_path$/);
    expect(logLines.join('')).not.toMatch(/"level":50/);
  });

  it('learns nothing about which routes exist', async () => {
    expect((await httpRequest(`${till.url}/api/v1/no-such-route`)).status).toBe(401);
    expect((await httpRequest(`${till.url}/api/v1/identify`)).status).toBe(401);
    expect((await httpRequest(`${till.url}/api/v1/health`)).status).toBe(200);
  });

  it('is answered 401 and the connection closed without reading the body', async () => {
    const limit = 256 * 2 ** 20;
    const result = await sendHugeBody(till.url, 'Authorization: Bearer wrong\r\n', limit);
    expect(result.answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(result.answer).toMatch(/\r\nconnection: close\r\n/i);
    // The till stopped the transfer: only what the kernel's buffers hold went out, nowhere near the limit.
    expect(result.closedByTill).toBe(true);
    expect(result.written).toBeLessThan(limit);
  });

  it('keeps serving after such a connection', async () => {
    const res = await httpRequest(`${till.url}/api/v1/session`, { headers: { authorization: `Bearer ${till.token}` } });
    expect(res.status).toBe(200);
  });
});
