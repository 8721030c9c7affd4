import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/runCli';

// `npm start` is `tillid start --demo`: its data directory is a fresh temporary one, and nothing of it may outlive
// the run, however the run ends.
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tillid-demo-cleanup-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const demoDirs = () => readdirSync(tmp).filter((name) => name.startsWith('tillid-demo-'));
const startDemo = () => runCli(['start', '--demo', '--browser', '--port', '0', '--members', '20'], { TMPDIR: tmp });
// The demo hub's PGlite sets up its database at each fresh start: seconds, and many more on a loaded machine.
const READY_MS = 300_000;

describe('tillid start --demo leaves no temporary directory behind', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('stopped with %s once running', async (signal) => {
    const demo = startDemo();
    await demo.waitFor(/Stop with Ctrl\+C/, READY_MS);
    expect(demoDirs()).toHaveLength(1);
    demo.child.kill(signal);
    expect(await demo.exited()).toBe(0);
    expect(demoDirs()).toEqual([]);
  }, READY_MS + 30_000);

  it('stopped with SIGTERM while still starting', async () => {
    const demo = startDemo();
    const deadline = Date.now() + 60_000;
    while (demoDirs().length === 0 && Date.now() < deadline && demo.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(demoDirs()).toHaveLength(1);
    demo.child.kill('SIGTERM');
    // 143 if it was still starting, 0 if it had just finished: either way its directory is gone.
    expect([0, 143]).toContain(await demo.exited());
    expect(demoDirs()).toEqual([]);
  });
});
