import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DeviceCredentialsSchema } from '../protocol/enrolment';
import type { DeviceCredentials } from '../protocol/enrolment';
import { writeFileAtomic } from './atomicFile';

/**
 * Where the till keeps the secret the CRM gave it at enrolment. The file store is the default; the Electron shell
 * passes a sealer backed by safeStorage (the OS keychain), so the file on disk is useless on another machine.
 */
export interface CredentialStore {
  read(): Promise<DeviceCredentials | null>;
  write(credentials: DeviceCredentials): Promise<void>;
  clear(): Promise<void>;
}

/** Shape of Electron's safeStorage.encryptString / decryptString, so it can be passed as is. */
export interface CredentialSealer {
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export const CREDENTIALS_FILE = 'crm-credentials.json';
export const SEALED_CREDENTIALS_FILE = 'crm-credentials.sealed';

export function createFileCredentialStore(dataDir: string, options: { sealer?: CredentialSealer } = {}): CredentialStore {
  const { sealer } = options;
  const file = path.join(dataDir, sealer === undefined ? CREDENTIALS_FILE : SEALED_CREDENTIALS_FILE);

  return {
    async read() {
      let raw: Buffer;
      try {
        raw = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      const text = sealer === undefined ? raw.toString('utf8') : sealer.decryptString(raw);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`the credentials file ${path.basename(file)} is not valid JSON: re-enrol the till`);
      }
      const parsed = DeviceCredentialsSchema.safeParse(json);
      if (!parsed.success) throw new Error(`the credentials file ${path.basename(file)} is damaged: re-enrol the till`);
      return parsed.data;
    },
    async write(credentials) {
      const text = JSON.stringify(DeviceCredentialsSchema.parse(credentials));
      await writeFileAtomic(file, sealer === undefined ? `${text}\n` : sealer.encryptString(text), 0o600);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}
