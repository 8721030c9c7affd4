import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IdentifyConfigSchema } from '../identify/identifyConfig';
import { DeviceConfigSchema } from '../../drivers/deviceConfig';
import { StepUpConfigSchema, parseStepUpConfig } from '../stepup/policy';
import { ScreensConfigSchema, parseScreensConfig } from './screensConfig';

/** `<data>/config.json`: everything a till can be told. Every field has a default, so no file is needed. */
export const TillConfigSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(7420),
  tillName: z.string().min(1).max(100).default('Till 1'),
  /** Electron only: full screen, no window chrome, for a dedicated till. */
  kiosk: z.boolean().default(false),
  identify: IdentifyConfigSchema.default(IdentifyConfigSchema.parse({})),
  /** Scanner devices (see docs/hardware.md). */
  scanners: z.array(DeviceConfigSchema).max(32).default([]),
  session: z
    .object({
      /** A customer nobody has touched for this long is forgotten. */
      idleSeconds: z.number().int().min(10).max(3600).default(180),
      /** A receipt for the current customer ends the session (the screen returns to idle). */
      clearAfterReceipt: z.boolean().default(true),
    })
    .default({ idleSeconds: 180, clearAfterReceipt: true }),
  sync: z
    .object({
      pullIntervalSeconds: z.number().int().min(1).max(3600).default(30),
      /**
       * A cache miss while online asks the CRM side for the member (POST /sync/v1/lookup) and waits this long at most,
       * then answers not found (a cashier should not wait longer than 1.5 s, the default). 0 never asks.
       */
      lookupBudgetMs: z.number().int().min(0).max(5000).default(1500),
    })
    .default({ pullIntervalSeconds: 30, lookupBudgetMs: 1500 }),
  /** Which assurance each action needs (docs/step-up.md). */
  stepUp: StepUpConfigSchema.default(parseStepUpConfig()),
  /** What the cashier screen and the customer display show: tier names, membership terms, points (docs/ui.md). */
  screens: ScreensConfigSchema.default(parseScreensConfig()),
  manager: z
    .object({
      /** scrypt hash of the manager PIN as `scrypt$<salt b64>$<hash b64>`; the demo uses PIN 1234. */
      pinHash: z.string().optional(),
    })
    .default({}),
});
export type TillConfig = z.infer<typeof TillConfigSchema>;

export class ConfigError extends Error {}

/** Reads `<dataDir>/config.json` if present; a bad file is an error that names the field. */
export function loadTillConfig(dataDir: string): TillConfig {
  const file = path.join(dataDir, 'config.json');
  let raw: unknown = {};
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = TillConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`${file} has errors:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
