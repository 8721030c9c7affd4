import path from 'node:path';
import type { Logger } from 'pino';
import { createHub, type Hub } from '../../hub';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import type { DemoMember } from '../../hub/connectors/demo/demoMembers';
import { PREBUILT_FLEET_PAGE_DIR } from '../../hub/fleetHost/fleetPageBundle';
import { enrolTill, readTillEnrolment, writeTillEnrolment, type CredentialStore } from '../../sync/client';
import { RUNS_FROM_BUNDLE } from '../version';

/** The seed of the demo's members: the README's examples name its first ones. */
export const DEMO_SEED = 1;
/** Where in the till's data directory the demo hub keeps its database (PGlite, in `<data>/hub/pglite`). */
export const DEMO_HUB_FOLDER = 'hub';

/** The Tillid Hub a demo runs in its own process, with the demo connector's members. */
export interface DemoHub extends Hub {
  /** `<url>/fleet/`. */
  fleetUrl: string;
  /** The folder its PGlite database lives in. */
  dataDir: string;
  /** How many demo members its CRM holds, and each of them by index. */
  members: number;
  demoMember(index: number): DemoMember;
}

/**
 * Starts the demo's hub in-process on PGlite in `<data>/hub`, and enrols the till with it when it is not enrolled
 * with this hub yet. A restarted demo reopens the hub on the port the till was enrolled with, so the till finds it
 * again; when that port is taken the hub listens on a free one and the till is re-pointed, which makes it copy the
 * member list afresh (the hub's address is part of what the cache mirrors).
 */
export async function startDemoHub(options: { dataDir: string; members: number; logger: Logger; credentialStore: CredentialStore }): Promise<DemoHub> {
  const { logger } = options;
  const hubDir = path.join(options.dataDir, DEMO_HUB_FOLDER);
  const connector = createDemoConnector({ members: options.members, seed: DEMO_SEED });
  const open = (port: number): Promise<Hub> =>
    createHub({
      dataDir: hubDir, port, logger, connector,
      // The built command ships no esbuild: it serves the fleet page `npm run build` made beside it.
      ...(RUNS_FROM_BUNDLE ? { fleetPageDir: PREBUILT_FLEET_PAGE_DIR } : {}),
    });
  const started = performance.now();
  const enrolment = await readTillEnrolment(options.dataDir);
  const previousPort = enrolment ? loopbackPort(enrolment.crmUrl) : undefined;
  let hub: Hub | undefined;
  if (previousPort !== undefined) {
    try {
      hub = await open(previousPort);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      logger.warn({ port: previousPort }, 'demo: the hub could not have its old port back; the till now syncs with it on a new one');
    }
  }
  hub ??= await open(0);
  try {
    logger.info({ port: hub.port, members: connector.members, ms: Math.round(performance.now() - started) }, 'demo hub started (PGlite)');
    await enrolWithHub(hub, options.dataDir, options.credentialStore, logger);
  } catch (error) {
    await hub.close();
    throw error;
  }
  return { ...hub, fleetUrl: `${hub.url}/fleet/`, dataDir: hubDir, members: connector.members, demoMember: (index) => connector.member(index) };
}

/**
 * Enrols the till with the demo hub unless this hub knows its device token already; a known till that comes back
 * on a new port is only re-pointed. A data directory whose hub is new (its `hub/` folder was removed, or the demo
 * ran the old emulated CRM) is enrolled again, or the till would be refused by its own demo for good.
 */
async function enrolWithHub(hub: Hub, dataDir: string, credentialStore: CredentialStore, logger: Logger): Promise<void> {
  const enrolment = await readTillEnrolment(dataDir);
  const credentials = enrolment ? await credentialStore.read() : null;
  const known = credentials !== null && (await hub.parts.enrolment.authenticate(hub.parts.db, credentials.token, hub.parts.now())) !== null;
  if (enrolment && known) {
    if (enrolment.crmUrl !== hub.url) await writeTillEnrolment(dataDir, { ...enrolment, crmUrl: hub.url });
    return;
  }
  const { code } = await hub.parts.enrolment.issueCode(hub.parts.defaultStoreId, hub.parts.now(), 3600);
  await enrolTill({ crmUrl: hub.url, code, dataDir, tillName: 'Demo till', logger, credentialStore });
}

/** The port of an http://127.0.0.1:<port> URL (the only kind of address the demo hub has). */
function loopbackPort(crmUrl: string): number | undefined {
  const url = new URL(crmUrl);
  if (url.hostname !== '127.0.0.1' || url.port === '') return undefined;
  return Number(url.port);
}
