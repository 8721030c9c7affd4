import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Logger } from 'pino';
import type { CrmParts } from './crmParts';
import { demoMember } from './demo/demoMembers';
import type { DemoMember } from './demo/demoMembers';
import { EnrolmentDesk } from './enrolment/enrolmentDesk';
import { createCrmHttpServer } from './http/crmHttpServer';
import { FaultInjector } from './http/faultInjector';
import { MemberQrKeyring } from './keys/memberQrKeyring';
import { ROUTE_GROUPS } from './routes/allRoutes';
import type { RouteGroup } from './routes/allRoutes';
import { ChangeFeed } from './store/changeFeed';
import { CrmProfiles } from './store/crmProfiles';
import { MetaTable, openEmulatorDatabase } from './store/emulatorDatabase';
import { ProfileStore } from './store/profileStore';
import { ReceiptLedger } from './store/receiptLedger';
import { seedDemoMembers } from './store/seedDemoMembers';
import { ReceiptDeliveryDesk } from './receiptDelivery/receiptDeliveryDesk';
import { UploadDesk } from './upload/uploadDesk';

export interface CrmEmulatorOptions {
  /** Data directory for the emulator's SQLite; a fresh one is seeded, an existing one reopened as is. */
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: '127.0.0.1' (default), 'localhost' or '::1'. */
  host?: string;
  /** Demo members seeded into a fresh data directory (default 1,000). */
  members?: number;
  /** Seed of the demo members (default 1). */
  seed?: number;
  /** Bearer token for /admin; generated when absent. */
  adminToken?: string;
  logger?: Logger;
  /** Changes kept in the feed; cursors older than the window get 410 (default 100,000). */
  changeRetention?: number;
  storeId?: string;
  storeName?: string;
  /** Seed of the fault injector's random draws (default: the member seed). */
  faultSeed?: number;
  /** Clock, epoch ms (default Date.now): tests move time for code expiry and key validity. */
  now?: () => number;
  /** More route groups (later: step-up verification), served after the built-in ones. */
  extraRoutes?: readonly RouteGroup[];
}

export interface CrmEmulator {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  adminToken: string;
  /** The demo population actually in the database (a reopened data directory keeps its own). */
  members: number;
  seed: number;
  epoch: string;
  /** Demo member `index` (0-based) of this emulator's population: identifiers to type in a demo. */
  demoMember(index: number): DemoMember;
  /** The parts behind the routes, for in-process tests and extensions. */
  parts: CrmParts;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the emulated CRM: a real HTTP server on loopback over its own SQLite database. */
export async function createCrmEmulator(options: CrmEmulatorOptions): Promise<CrmEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error('the CRM emulator binds to loopback only (127.0.0.1, localhost or ::1)');
  const logger = options.logger ?? pino({ enabled: false });
  const now = options.now ?? Date.now;
  const retention = options.changeRetention ?? 100_000;
  if (!Number.isInteger(retention) || retention < 1) throw new RangeError('changeRetention must be a positive integer');

  const db = openEmulatorDatabase(options.dataDir);
  const meta = new MetaTable(db);
  let epoch = meta.get('epoch');
  if (epoch === null) {
    epoch = randomBytes(6).readUIntBE(0, 6).toString(36);
    const members = options.members ?? 1000;
    const seed = options.seed ?? 1;
    const started = performance.now();
    db.transaction(() => {
      seedDemoMembers(db, members, seed, now());
      meta.set('demo_members', String(members));
      meta.set('demo_seed', String(seed));
      meta.set('epoch', epoch as string);
    })();
    logger.info({ members, ms: Math.round(performance.now() - started) }, 'crm emulator seeded demo members');
  }
  const demo = { members: Number(meta.get('demo_members') ?? '0'), seed: Number(meta.get('demo_seed') ?? '1') };
  if ((options.members !== undefined && options.members !== demo.members) || (options.seed !== undefined && options.seed !== demo.seed)) {
    logger.warn({ members: demo.members, seed: demo.seed }, 'crm emulator data directory already seeded: keeping its members and seed');
  }

  const store = new ProfileStore(db, demo);
  const feed = new ChangeFeed(db, meta, retention);
  const ledger = new ReceiptLedger(db);
  const profiles = new CrmProfiles(db, store, feed, ledger);
  const deliveries = new ReceiptDeliveryDesk(db, store);
  const keyring = new MemberQrKeyring(db, epoch);
  keyring.ensureKey(now());
  const parts: CrmParts = {
    db, epoch, profiles, feed, ledger, keyring, now, logger, deliveries,
    uploads: new UploadDesk(db, profiles, ledger, deliveries, logger),
    enrolment: new EnrolmentDesk(db, { storeId: options.storeId ?? 'store-1', storeName: options.storeName ?? 'Demo store' }),
    faults: new FaultInjector(options.faultSeed ?? demo.seed),
    stats: { requests: {}, uploads: { accepted: 0, duplicate: 0, rejected: 0 }, retention },
  };
  const adminToken = options.adminToken ?? `adm_${randomBytes(24).toString('base64url')}`;
  const routes = [...ROUTE_GROUPS, ...(options.extraRoutes ?? [])].flatMap((group) => group(parts));
  const server = createCrmHttpServer(parts, routes, adminToken);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ port, members: demo.members, epoch }, 'crm emulator listening');

  let closed: Promise<void> | null = null;
  return {
    url, port, adminToken, epoch, parts, members: demo.members, seed: demo.seed,
    demoMember: (index) => demoMember(index, demo.seed),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
