import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicFile';

/**
 * Who this till is to the CRM, kept in the data directory next to the cache. Holds no secret (the token lives in the
 * CredentialStore). Written last at enrolment, so its presence means "enrolled".
 */
export const TillEnrolmentSchema = z.object({
  version: z.literal(1),
  crmUrl: z.url({ protocol: /^https?$/ }),
  deviceId: z.string().min(1),
  storeId: z.string().min(1),
  storeName: z.string(),
  tillName: z.string().min(1),
  /** Epoch ms. */
  enrolledAt: z.number().int(),
});
export type TillEnrolment = z.infer<typeof TillEnrolmentSchema>;

export const ENROLMENT_FILE = 'crm-enrolment.json';

export async function readTillEnrolment(dataDir: string): Promise<TillEnrolment | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, ENROLMENT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${ENROLMENT_FILE} is not valid JSON: re-enrol the till`);
  }
  const parsed = TillEnrolmentSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${ENROLMENT_FILE} is damaged: re-enrol the till`);
  return parsed.data;
}

export async function writeTillEnrolment(dataDir: string, enrolment: TillEnrolment): Promise<void> {
  const text = `${JSON.stringify(TillEnrolmentSchema.parse(enrolment), null, 2)}\n`;
  await writeFileAtomic(path.join(dataDir, ENROLMENT_FILE), text, 0o644);
}
