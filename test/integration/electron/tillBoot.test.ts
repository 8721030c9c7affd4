import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startShellTill } from '../../../main/electron/tillBoot';
import { buildRendererBundle } from '../../../main/api/rendererBundle';
import { createSafeStorageCredentialStore } from '../../../main/electron/safeStorageCredentialStore';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-shell-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the till the Electron shell starts', () => {
  it('is the real till: the POS API and the screens on 127.0.0.1, stopped cleanly', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // A packaged app serves the renderer it was built with.
    const bundleDir = path.join(dir, 'renderer-bundle');
    await buildRendererBundle({ outDir: bundleDir });
    const keychain = { isEncryptionAvailable: () => false, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() };
    const till = await startShellTill({
      demo: false,
      kiosk: false,
      dataDir: dir,
      port: 0,
      rendererBundleDir: bundleDir,
      credentialStore: (dataDir) => createSafeStorageCredentialStore(dataDir, keychain),
    });
    write.mockRestore();
    try {
      expect(till.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${till.url}/api/v1/health`);
      expect(health.status).toBe(200);
      const session = await fetch(`${till.url}/api/v1/session`, { headers: { authorization: `Bearer ${till.token}` } });
      expect(await session.json()).toEqual({ customer: null });
      const page = await fetch(`${till.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect((await fetch(`${till.url}/app.js`)).status).toBe(200);
    } finally {
      await till.close();
    }
  });
});
