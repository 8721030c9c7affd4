import path from 'node:path';
import type { Logger } from 'pino';
import { createCrmEmulator, type CrmEmulator } from '../../sync/emulator';
import { readTillEnrolment, writeTillEnrolment } from '../../sync/client';

/**
 * The demo's emulated CRM, kept in `<data>/crm`. A restarted demo reopens it on the port the till was enrolled with,
 * so the till finds its CRM again. When that port is taken it listens on a free one and re-points the enrolment,
 * which makes the till copy the member list afresh (the CRM's address is part of what the cache mirrors).
 */
export async function startDemoCrm(options: { dataDir: string; members: number; logger: Logger }): Promise<CrmEmulator> {
  const enrolment = await readTillEnrolment(options.dataDir);
  const open = (port: number): Promise<CrmEmulator> =>
    createCrmEmulator({ dataDir: path.join(options.dataDir, 'crm'), members: options.members, seed: 1, logger: options.logger, port });
  const previousPort = enrolment ? loopbackPort(enrolment.crmUrl) : undefined;
  let crm: CrmEmulator | undefined;
  if (previousPort !== undefined) {
    try {
      crm = await open(previousPort);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  crm ??= await open(0);
  if (enrolment && enrolment.crmUrl !== crm.url) {
    options.logger.warn({ port: crm.port }, 'demo: the emulated CRM could not have its old port back; the till now syncs with it on a new one');
    await writeTillEnrolment(options.dataDir, { ...enrolment, crmUrl: crm.url });
  }
  return crm;
}

/** The port of an http://127.0.0.1:<port> URL (the only kind of address the emulated CRM has). */
function loopbackPort(crmUrl: string): number | undefined {
  const url = new URL(crmUrl);
  if (url.hostname !== '127.0.0.1' || url.port === '') return undefined;
  return Number(url.port);
}
