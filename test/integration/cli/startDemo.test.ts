import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `tillid start --demo` as the README runs it: the hub (in-process, PGlite), enrolment, bootstrap, an emulated serial scanner
// fed from stdin, and the POS API, in one process.
const root = path.resolve(import.meta.dirname, '../../..');
let child: ChildProcessWithoutNullStreams;
let dataDir: string;
let banner = '';
let url = '';
let token = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-demo-test-'));
  child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'start', '--demo', '--port', '0', '--members', '300', '--data', dataDir], { cwd: root });
  await new Promise<void>((resolve, reject) => {
    // PGlite's first start (initdb, in WebAssembly) takes seconds, and many more on a loaded machine.
    const timer = setTimeout(() => reject(new Error(`no banner within 300 s:\n${banner}`)), 300_000);
    child.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('Stop with Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`tillid exited with ${code}:\n${banner}`)));
  });
  const match = /Cashier screen:\s+(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(banner);
  if (!match) throw new Error(`no URL in the banner:\n${banner}`);
  url = match[1]!;
  token = match[2]!;
}, 310_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('tillid start --demo', () => {
  it('prints the URL, the token and demo members, with the CRM copied into the cache', async () => {
    expect(banner).toMatch(/Demo members to try/);
    expect(banner).toMatch(/phone 07\d-\d{3} \d{2} \d{2}/);
    const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { profiles: number; online: boolean };
    expect(health.profiles).toBe(300);
    expect(health.online).toBe(true);
  });

  it('identifies a typed demo phone number over the POS API', async () => {
    const phone = /phone (07\d-\d{3} \d{2} \d{2})/.exec(banner)![1]!;
    const res = await fetch(`${url}/api/v1/identify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: phone, source: 'typed' }),
    });
    expect(await res.json()).toMatchObject({ result: 'identified', kind: 'phone', assurance: 'claimed' });
  });

  it('scans a demo card typed into stdin through the emulated serial scanner', async () => {
    const card = /card (\d{13})/.exec(banner)![1]!;
    const controller = new AbortController();
    const events = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = events.body!.getReader();
    let text = '';
    child.stdin.write(`${card}\n`);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !text.includes('"type":"identified"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('"type":"scan"');
    expect(text).toMatch(/"type":"identified".*"kind":"card","assurance":"possession"/);
    expect(text).not.toContain(card);

    // The terminal it was typed in answers with a line: sent, the label masked, and what the till made of it.
    const deadlineForLine = Date.now() + 10_000;
    while (!/Scan sent/.test(banner) && Date.now() < deadlineForLine) await new Promise((resolve) => setTimeout(resolve, 50));
    const line = banner.split('\n').find((l) => l.startsWith('Scan sent'));
    expect(line).toBe(`Scan sent (…${card.slice(-2)}, 13 characters) → identified: member (card)`);
  });

  it('names the shared number in the banner, and answers it typed into stdin with several members', async () => {
    const shared = /Shared by two members[^\n]*phone (0\d{2}-\d{3} \d{2} \d{2})/.exec(banner)?.[1];
    expect(shared).toBe('073-555 01 00');
    child.stdin.write(`${shared}\n`);
    const deadline = Date.now() + 10_000;
    while (!/several members share this phone/.test(banner) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(banner).toContain('Scan sent (…00, 13 characters) → several members share this phone: ask for another identifier');
  });
});
