import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeStorageCredentialStore, keychainSealer } from '../../../main/electron/safeStorageCredentialStore';
import { runTill, type RunningTillProcess } from '../../../main/compose/runTill';
import { HASH_KEY_FILE, SEALED_HASH_KEY_FILE } from '../../../sync/cache';
import { createSealingKeychain } from '../../support/sealingKeychain';

// Issue 11.11: the demo till started as the Electron shell starts it on a machine with a real keychain (libsecret):
// sync credentials and the identifier hash key sealed. Every client of the CRM must read the sealed credentials; the
// step-up and summary clients used to read the plain file only, and answered `not_enrolled`.
let dir: string;
let demo: RunningTillProcess;
const keychain = createSealingKeychain();

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${demo.running.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${demo.running.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Every regular file under `root`, with its bytes. */
function filesUnder(root: string): Array<{ file: string; bytes: Buffer }> {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(root, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, bytes: readFileSync(file) }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-keychain-'));
  demo = await runTill({
    demo: true,
    dataDir: dir,
    port: 0,
    members: 20,
    scanners: [],
    crmUrl: undefined,
    enrolCode: undefined,
    logger: () => pino({ level: 'silent' }),
    print: () => undefined,
    readStdin: false,
    credentialStore: (dataDir) => createSafeStorageCredentialStore(dataDir, keychain, 'linux').store,
    hashKeySealer: keychainSealer(keychain, 'linux'),
  });
});

afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a till whose keychain really seals', () => {
  it('starts a step-up with the sealed credentials (not `not_enrolled`)', async () => {
    const member = demo.demoHub!.demoMember(0);
    expect((await api('POST', '/api/v1/identify', { input: member.phoneLocal })).json.result).toBe('identified');
    const started = await api('POST', '/api/v1/step-up', { method: 'sms' });
    expect(started.json?.type ?? '').not.toMatch(/not_enrolled/);
    expect(started.status).toBe(201);
  });

  it('keeps neither the hash key nor the CRM token in clear in the data directory', async () => {
    const credentials = await createSafeStorageCredentialStore(dir, keychain, 'linux').store.read();
    expect(credentials).not.toBeNull();
    const hashKey = demo.running.cache.hashKey;
    const secrets = [
      hashKey, Buffer.from(hashKey.toString('base64')), Buffer.from(hashKey.toString('hex')), Buffer.from(credentials!.token),
    ];
    const files = filesUnder(dir);
    expect(files.map((f) => path.basename(f.file))).toContain(SEALED_HASH_KEY_FILE);
    expect(files.map((f) => path.basename(f.file))).not.toContain(HASH_KEY_FILE);
    for (const { file, bytes } of files) {
      for (const secret of secrets) expect(bytes.includes(secret), `${path.relative(dir, file)} holds a secret in clear`).toBe(false);
    }
  });
});
