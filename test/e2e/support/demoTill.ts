import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { runTill, type RunningTillProcess } from '../../../main/compose/runTill';
import { demoScannerConfig, scanWithDemoScanner } from '../../../main/till/demoScanner';
import type { DemoHub } from '../../../main/compose/demoHub';

export interface DemoTill {
  /** The POS API's base URL, e.g. http://127.0.0.1:41945 */
  url: string;
  token: string;
  /** The cashier screen's address as `tillid start` prints it. */
  pageUrl: string;
  dataDir: string;
  /** The demo's hub, in this process. */
  hub: DemoHub;
  process: RunningTillProcess;
  /** Writes a label to the demo's emulated serial scanner (a real pty opened by the serial driver). */
  scan(label: string): Promise<void>;
  /** A fresh signed member QR for a profile, as the member app would show it. */
  memberQr(profileId: string): Promise<string>;
  api(method: string, apiPath: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * How long a test may wait for startDemoTill: the demo hub's PGlite sets up its database first (seconds on a quiet
 * machine, minutes on a loaded one).
 */
export const DEMO_START_TIMEOUT_MS = 300_000;

/** `tillid start --demo` in this process: the hub (PGlite), enrolled till, emulated serial scanner, demo members. */
export async function startDemoTill(options: { members?: number } = {}): Promise<DemoTill> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-e2e-'));
  const logger = pino({ enabled: false });
  const started = await runTill({
    demo: true,
    dataDir,
    port: 0,
    members: options.members ?? 200,
    scanners: [],
    renderer: {},
    crmUrl: undefined,
    enrolCode: undefined,
    logger: () => logger,
    print: () => undefined,
    readStdin: false,
  });
  const hub = started.demoHub;
  if (!hub) throw new Error('the demo did not start its hub');
  const { url, token } = started.running;
  const scanner = demoScannerConfig(dataDir);
  return {
    url,
    token,
    pageUrl: `${url}/#token=${token}`,
    dataDir,
    hub,
    process: started,
    scan: (label) => scanWithDemoScanner(started.running.devices, scanner, label),
    memberQr: async (profileId) => (await hub.parts.keyring.sign(hub.parts.db, profileId, Date.now(), 300)).token,
    api: (method, apiPath, body) =>
      fetch(`${url}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async stop() {
      await started.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
