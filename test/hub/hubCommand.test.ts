import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HUB_ENGINES, hubStorage } from './support/hubUnderTest';
import { deliverWebhook, signWebhook, startVoyadoStandIn, webhookSecret } from '../support/voyadoStandIn';
import type { HubStorage } from './support/hubUnderTest';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts `tillid hub` and waits for its banner. */
function startHubCommand(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; banner: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', '--port', '0', ...args], { cwd: root });
  let banner = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 50 s:\n${banner}`)), 50_000);
    child.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('Stop with Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, banner });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tillid hub exited with ${code}:\n${banner}`));
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe.each(HUB_ENGINES)('tillid hub on %s', (engine) => {
  let storage: HubStorage | undefined;
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(async () => {
    if (child) await stop(child);
    child = undefined;
    await storage?.remove();
    storage = undefined;
  });

  it('serves enrolment with the admin token it was given, and keeps the database URL out of its output', async () => {
    storage = await hubStorage(engine);
    const args = storage.options.databaseUrl !== undefined ? ['--database', storage.options.databaseUrl] : ['--data', storage.options.dataDir as string];
    const started = await startHubCommand([...args, '--admin-token', 'admin-token-for-the-hub-command-test']);
    child = started.child;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.banner)?.[1];
    expect(url).toBeDefined();
    if (storage.options.databaseUrl !== undefined) expect(started.banner).not.toContain(storage.options.databaseUrl);

    const code = await fetch(`${url}/admin/enrolment-codes`, { method: 'POST', headers: { authorization: 'Bearer admin-token-for-the-hub-command-test' } });
    expect(code.status).toBe(201);
    const enrol = await fetch(`${url}/sync/v1/enrol`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: ((await code.json()) as { code: string }).code, tillName: 'Kassa 9' }),
    });
    expect(enrol.status).toBe(201);
    expect(await enrol.json()).toMatchObject({ storeId: 'store-1', protocolVersion: 1 });
  });

  it('--connector demo imports the demo members and prints some to try', async () => {
    storage = await hubStorage(engine);
    const args = storage.options.databaseUrl !== undefined ? ['--database', storage.options.databaseUrl] : ['--data', storage.options.dataDir as string];
    const started = await startHubCommand([...args, '--connector', 'demo', '--members', '50', '--seed', '4']);
    child = started.child;
    expect(started.banner).toContain('demo connector: 50 demo members (seed 4)');
    expect(started.banner).toMatch(/P00000001 \S+ \S+: 070-\d{3} \d{2} \d{2}/);
  });

  it('--connector voyado: the webhook route fetches contacts with the key, which never reaches the output or the logs', async () => {
    storage = await hubStorage(engine);
    const standIn = await startVoyadoStandIn({ apiKeys: ['voyado-key-never-printed'] });
    try {
      const secret = webhookSecret();
      const args = storage.options.databaseUrl !== undefined ? ['--database', storage.options.databaseUrl] : ['--data', storage.options.dataDir as string];
      const started = await startHubCommand([...args, '--connector', 'voyado', '--voyado-url', standIn.url, '--voyado-api-key', 'voyado-key-never-printed', '--voyado-webhook-secret', secret]);
      child = started.child;
      let output = started.banner;
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.banner)?.[1] as string;
      expect(started.banner).toContain(`voyado connector: ${standIn.url} (contact type Member`);
      expect(started.banner).toContain(`voyado webhooks: ${url}/webhooks/voyado`);
      const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234567' });
      expect(await deliverWebhook(`${url}/webhooks/voyado`, signWebhook(secret, 'contact.created', { contactId: contact.id }))).toBe(204);
      expect(standIn.requests.map((r) => [r.path, r.apikey, r.userAgent])).toContainEqual([`/api/v2/contacts/${contact.id}`, 'voyado-key-never-printed', expect.stringMatching(/^Tillid-Hub\/\d/)]);
      await stop(child);
      expect(output).not.toContain('voyado-key-never-printed');
      expect(output).not.toContain(secret);
    } finally {
      await standIn.close();
    }
  });
});

it('tillid hub refuses a --database that is not a PostgreSQL URL, without echoing it', async () => {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', '--database', 'mysql://root:hunter2@db/x'], { cwd: root });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(exitCode).not.toBe(0);
  expect(output).toMatch(/--database must be a postgres/);
  expect(output).not.toContain('hunter2');
});
