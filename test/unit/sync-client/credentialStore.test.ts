import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE, SEALED_CREDENTIALS_FILE, createFileCredentialStore } from '../../../sync/client/credentialStore';
import type { CredentialSealer } from '../../../sync/client/credentialStore';

const credentials = { token: 'tok_'.padEnd(40, 'x') };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-creds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Stands in for Electron's safeStorage: reversible, and the output does not contain the input. */
const xorSealer: CredentialSealer = {
  encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decryptString: (sealed) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('file credential store', () => {
  it('reads nothing before the first write', async () => {
    await expect(createFileCredentialStore(dir).read()).resolves.toBeNull();
  });

  it('keeps the credentials in a file only the owner may read', async () => {
    const store = createFileCredentialStore(dir);
    await store.write(credentials);
    await expect(store.read()).resolves.toEqual(credentials);
    const mode = (await stat(path.join(dir, CREDENTIALS_FILE))).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('replaces the credentials whole on re-enrolment and forgets them on clear', async () => {
    const store = createFileCredentialStore(dir);
    await store.write(credentials);
    await store.write({ token: 'tok_'.padEnd(40, 'y') });
    await expect(store.read()).resolves.toEqual({ token: 'tok_'.padEnd(40, 'y') });
    await store.clear();
    await expect(store.read()).resolves.toBeNull();
  });

  it('with a sealer the file never holds the token in clear', async () => {
    const store = createFileCredentialStore(dir, { sealer: xorSealer });
    await store.write(credentials);
    const raw = await readFile(path.join(dir, SEALED_CREDENTIALS_FILE));
    expect(raw.toString('latin1')).not.toContain(credentials.token);
    await expect(store.read()).resolves.toEqual(credentials);
  });

  it.each([
    ['not JSON', 'tok_xxxx'],
    ['wrong shape', JSON.stringify({ secret: 'x' })],
  ])('a damaged file (%s) is a clear error that does not echo its content', async (_name, content) => {
    await writeFile(path.join(dir, CREDENTIALS_FILE), content);
    const failure = await createFileCredentialStore(dir).read().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/re-enrol/);
    expect((failure as Error).message).not.toContain('tok_');
  });
});
