import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFleetPageBundle } from '../../hub/fleetHost/fleetPageBundle';
import { HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';

describe.each(HUB_ENGINES)('the fleet page served by a hub on %s', (engine) => {
  let prebuilt: string;
  let empty: string;
  let fromPrebuilt: HubUnderTest;
  let fromNothing: HubUnderTest;

  beforeAll(async () => {
    prebuilt = await mkdtemp(path.join(os.tmpdir(), 'tillid-fleet-page-'));
    empty = await mkdtemp(path.join(os.tmpdir(), 'tillid-fleet-empty-'));
    await buildFleetPageBundle({ outDir: prebuilt });
    fromPrebuilt = await startHub(engine, { fleetPageDir: prebuilt });
    fromNothing = await startHub(engine, { fleetPageDir: empty });
  });
  afterAll(async () => {
    await fromPrebuilt?.close();
    await fromNothing?.close();
    await rm(prebuilt, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  it.each([
    { file: '/fleet/', type: 'text/html', holds: 'fleet.js' },
    { file: '/fleet/fleet.js', type: 'text/javascript', holds: '/hub/v1/fleet' },
    { file: '/fleet/fleet.css', type: 'text/css', holds: '.badge' },
  ])('serves $file from a prebuilt folder, as $type under a strict CSP', async ({ file, type, holds }) => {
    const response = await fetch(`${fromPrebuilt.hub.url}${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'.*connect-src 'self'/);
    expect(await response.text()).toContain(holds);
  });

  it('sends /fleet to /fleet/, and answers 503 problem+json (not a hang) when the page is missing, serving the rest', async () => {
    const redirect = await fetch(`${fromPrebuilt.hub.url}/fleet`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/fleet/');
    const missing = await fetch(`${fromNothing.hub.url}/fleet/`);
    expect(missing.status).toBe(503);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const fleet = await fetch(`${fromNothing.hub.url}/hub/v1/fleet`, { headers: { authorization: `Bearer ${fromNothing.hub.adminToken}` } });
    expect(fleet.status).toBe(200);
  });
});
