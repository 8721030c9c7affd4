import { z } from 'zod';

/**
 * What the shell is told on its command line (`electron dist/electron/main.mjs [--data DIR] [--demo] [--kiosk]
 * [--port N] [--accept-empty-cache]`) or in the environment (TILLID_KIOSK=1). Electron's and Chromium's own switches are ignored.
 */
export const ShellOptionsSchema = z.object({
  dataDir: z.string().min(1).optional(),
  demo: z.boolean().default(false),
  kiosk: z.boolean().default(false),
  port: z.number().int().min(0).max(65_535).optional(),
  acceptEmptyCache: z.boolean().optional(),
});
export type ShellOptions = z.infer<typeof ShellOptionsSchema>;

export class ShellOptionsError extends Error {}

export function parseShellOptions(argv: readonly string[], env: Record<string, string | undefined> = {}): ShellOptions {
  const raw: Record<string, unknown> = { kiosk: env.TILLID_KIOSK === '1' || env.TILLID_KIOSK === 'true' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--data') raw.dataDir = value();
    else if (flag === '--port') raw.port = Number(value());
    else if (flag === '--demo') raw.demo = true;
    else if (flag === '--kiosk') raw.kiosk = true;
    else if (flag === '--accept-empty-cache') raw.acceptEmptyCache = true;
  }
  const parsed = ShellOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShellOptionsError(`tillid: ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
