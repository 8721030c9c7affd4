import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnUnderPty, type PtyProcess } from './support/underPty';

// What an integrator does (README): `tillid emulate serial --link ./scanner` in one terminal, a till on
// `--scanner serial:./scanner` in another, then labels typed at the emulator's terminal, each with Enter.
const root = path.resolve(import.meta.dirname, '../../..');
const tillid = path.join(root, 'bin/tillid.mjs');
let dir: string;
let emulator: PtyProcess;
let till: ChildProcessWithoutNullStreams;
let banner = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-emulate-tty-'));
  emulator = spawnUnderPty(process.execPath, [tillid, 'emulate', 'serial', '--link', './scanner', '--data', './till'], { cwd: dir });
  await emulator.waitFor(/Waiting for a till to open the port/);

  till = spawn(process.execPath, [tillid, 'start', '--demo', '--browser', '--port', '0', '--members', '50', '--data', path.join(dir, 'till'), '--scanner', 'serial:./scanner'], {
    cwd: dir,
  });
  till.stdout.on('data', (chunk: Buffer) => (banner += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!banner.includes('Stop with Ctrl+C')) {
    if (till.exitCode !== null || Date.now() > deadline) throw new Error(`the till did not start:\n${banner}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  await emulator?.interrupt();
  if (till && till.exitCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => till.kill('SIGKILL'), 10_000);
      till.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      till.kill('SIGTERM');
    });
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('tillid emulate serial at a terminal', () => {
  it('sees the till open the port, and each line typed with Enter is identified by the till', async () => {
    await emulator.waitFor(/A till has the port open: type a label and press Enter/);
    const [, url, token] = /Cashier screen:\s+(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(banner) ?? [];
    const card = /card (\d{13})/.exec(banner)?.[1];
    expect(url && token && card).toBeTruthy();

    const controller = new AbortController();
    const events = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = events.body!.getReader();
    emulator.type(`${card}\r`);
    let text = '';
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !/"type":"identified"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/"type":"identified".*"kind":"card","assurance":"possession"/);
    expect(text).toContain(`"deviceId":"serial:./scanner"`);

    // The terminal it was typed in says that it was sent and what the till made of it, the label masked.
    await emulator.waitFor(new RegExp(`Scan sent \\(…${card!.slice(-2)}, 13 characters\\) → identified: member \\(card\\)`));
    const answer = emulator.output().split(/\r?\n/).find((line) => line.startsWith('Scan sent'));
    expect(answer).not.toContain(card);
  });

  it('answers for each line typed: not found, several members, not a member identifier', async () => {
    const table: Array<[typed: string, answer: RegExp]> = [
      ['070-111 11 11', /Scan sent \(…11, 13 characters\) → not found \(phone\)/],
      ['073-555 01 00', /Scan sent \(…00, 13 characters\) → several members share this phone: ask for another identifier/],
      ['hello', /Scan sent \(5 characters\) → ignored: not a member identifier/],
    ];
    for (const [typed, answer] of table) {
      emulator.type(`${typed}\r`);
      await emulator.waitFor(answer);
    }
  });

  it('Ctrl-C unplugs: the emulator says what it sent and removes its link', async () => {
    await emulator.interrupt();
    expect(emulator.output()).toMatch(/Sent 4 scans\./);
    expect(existsSync(path.join(dir, 'scanner'))).toBe(false);
  });
});
