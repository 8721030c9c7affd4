import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { enrolTill, readTillEnrolment, type CredentialStore, type SyncEngine } from '../../sync/client';
import type { ManagerCore } from './ports/managerCore';
import { verifyManagerPin } from './managerPin';
import type { EnrolmentView } from '../api/contract/manager';
import type { TillConfig } from '../config/tillConfig';
import type { DevicesPort } from './till';
import { TILLID_VERSION } from '../version';

const LOG_TAIL_BYTES = 256 * 1024;

export interface ManagerCoreDeps {
  dataDir: string;
  config: TillConfig;
  logger: Logger;
  engine: SyncEngine;
  devices: DevicesPort;
  credentialStore?: CredentialStore;
}

/** What the manager screen can do: enrolment, re-bootstrap, dead letters and a diagnostics export. */
export function createManagerCore(deps: ManagerCoreDeps): ManagerCore {
  const { dataDir } = deps;

  async function enrolment(): Promise<EnrolmentView> {
    const e = await readTillEnrolment(dataDir);
    if (!e) return { enrolled: false, crmUrl: null, storeName: null, tillName: null, deviceId: null, enrolledAt: null };
    return { enrolled: true, crmUrl: e.crmUrl, storeName: e.storeName, tillName: e.tillName, deviceId: e.deviceId, enrolledAt: new Date(e.enrolledAt).toISOString() };
  }

  return {
    verifyPin: (pin) => verifyManagerPin(pin, deps.config.manager.pinHash),
    enrolment,
    async enrol({ crmUrl, code }) {
      await enrolTill({ crmUrl, code, dataDir, tillName: deps.config.tillName, logger: deps.logger, ...(deps.credentialStore ? { credentialStore: deps.credentialStore } : {}) });
      await deps.engine.syncNow();
      return enrolment();
    },
    async rebootstrap() {
      const status = await deps.engine.rebootstrap();
      return { status: status.bootstrap.state === 'done' ? 'done' : 'started', profiles: status.cacheProfiles };
    },
    listDeadLetters: () =>
      deps.engine.deadLetters().map((d) => ({
        id: d.id,
        kind: d.kind,
        reason: d.reason ?? 'no reason given',
        attempts: d.attempts,
        failedAt: new Date(d.updatedAt).toISOString(),
      })),
    async diagnostics() {
      const { manager: _pin, ...config } = deps.config;
      return {
        generatedAt: new Date().toISOString(),
        version: TILLID_VERSION,
        node: process.version,
        platform: `${process.platform}/${process.arch}`,
        uptimeSeconds: Math.round(process.uptime()),
        memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
        enrolment: await enrolment(),
        sync: deps.engine.status(),
        devices: deps.devices.list(),
        config,
        // The log never holds personal data (callers log ids and kinds, and pino redacts the known fields).
        logTail: readLogTail(path.join(dataDir, 'logs', 'tillid.log')),
      };
    },
  };
}

function readLogTail(file: string): string[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const text = readFileSync(file).subarray(Math.max(0, size - LOG_TAIL_BYTES)).toString('utf8');
  const lines = text.split('\n').filter(Boolean);
  return size > LOG_TAIL_BYTES ? lines.slice(1) : lines;
}
