import { z } from 'zod';
import { SerialPrefixSchema, SerialSuffixSchema } from '../framing/suffixes';
import { TextEncodingSchema } from '../scan/decodeLabelBytes';

/**
 * The emulator's script: JSON lines, one step each (blank lines and lines starting with # are skipped).
 * `tillid record` writes the same format (`meta`, then `bytes` or `report` steps), so a recording replays.
 */
const hex = z.string().regex(/^([0-9a-fA-F]{2})*$/, 'expected hex bytes, such as 0d0a');
/** Milliseconds to wait before the step. */
const delayMs = z.number().min(0).max(3_600_000).default(0);

export const ScanStepSchema = z.strictObject({
  type: z.literal('scan'),
  data: z.string().max(1 << 20),
  /** AIM identifier sent before the data, e.g. "]E0". */
  aim: z.string().regex(/^\][A-Za-z][0-9A-Za-z]$/, 'expected an AIM identifier such as ]E0').optional(),
  suffix: SerialSuffixSchema.optional(),
  prefix: SerialPrefixSchema.optional(),
  encoding: TextEncodingSchema.optional(),
  /** Typing speed: pause between bytes (serial), reports (HID-POS) or key reports (wedge). */
  byteDelayMs: z.number().min(0).max(10_000).optional(),
  repeat: z.number().int().min(1).max(1_000_000).default(1),
  delayMs,
});

export const GarbageStepSchema = z
  .strictObject({ type: z.literal('garbage'), hex: hex.optional(), text: z.string().optional(), delayMs })
  .refine((s) => (s.hex === undefined) !== (s.text === undefined), { message: 'give exactly one of hex or text', path: ['hex'] });

export const ScriptStepSchema = z.discriminatedUnion('type', [
  ScanStepSchema,
  GarbageStepSchema,
  z.strictObject({ type: z.literal('wait'), ms: z.number().min(0).max(3_600_000) }),
  z.strictObject({ type: z.literal('unplug'), delayMs }),
  z.strictObject({ type: z.literal('replug'), delayMs }),
  /** Raw serial bytes as recorded. */
  z.strictObject({ type: z.literal('bytes'), hex, delayMs }),
  /** One raw HID input report as recorded. */
  z.strictObject({ type: z.literal('report'), hex, delayMs }),
  /** What was recorded, from where (informational). */
  z.strictObject({
    type: z.literal('meta'),
    source: z.string().max(200).optional(),
    transport: z.string().max(40).optional(),
    description: z.string().max(500).optional(),
    recordedAt: z.string().max(40).optional(),
  }),
]);

export type ScriptStep = z.output<typeof ScriptStepSchema>;
export type ScanStep = z.output<typeof ScanStepSchema>;

export class ScriptError extends Error {
  override name = 'ScriptError';
}

/** Parses a whole script; an error names the line and the field. */
export function parseScript(text: string, source = 'script'): ScriptStep[] {
  const steps: ScriptStep[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    steps.push(parseScriptLine(trimmed, `${source}:${index + 1}`));
  }
  return steps;
}

export function parseScriptLine(line: string, where: string): ScriptStep {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new ScriptError(`${where}: not valid JSON`);
  }
  const parsed = ScriptStepSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'step'}: ${i.message}`);
    throw new ScriptError(`${where}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
