import { z } from 'zod';

/**
 * Identifiers travel in NORMALISED CLEAR form (the till hashes them with its own per-install key):
 * phone E.164 (`+46701234567`), email trimmed and lower-case, card digits only, member number upper-case.
 */
export const IdentifierKindSchema = z.enum(['phone', 'email', 'card', 'member_number']);
export type IdentifierKind = z.infer<typeof IdentifierKindSchema>;

const PATTERNS: Record<IdentifierKind, RegExp> = {
  phone: /^\+[1-9]\d{6,14}$/,
  email: /^[^\s@A-Z]{1,64}@[^\s@A-Z]+\.[^\s@A-Z]+$/,
  card: /^\d{6,19}$/,
  member_number: /^[A-Z0-9][A-Z0-9-]{0,31}$/,
};

/** Why a value is not the normalised form of its kind, or null when it is. Never includes the value. */
export function identifierValueProblem(kind: IdentifierKind, value: string): string | null {
  if (value.length > 254) return `${kind} is longer than 254 characters`;
  return PATTERNS[kind].test(value) ? null : `${kind} is not in normalised form`;
}

export const ClearIdentifierSchema = z
  .object({ kind: IdentifierKindSchema, value: z.string() })
  .superRefine((id, ctx) => {
    const problem = identifierValueProblem(id.kind, id.value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['value'] });
  });
export type ClearIdentifier = z.infer<typeof ClearIdentifierSchema>;

/** The compact form inside a bootstrap row: `[kind, value]`. */
export const IdentifierTupleSchema = z
  .tuple([IdentifierKindSchema, z.string()])
  .superRefine(([kind, value], ctx) => {
    const problem = identifierValueProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [1] });
  });
export type IdentifierTuple = z.infer<typeof IdentifierTupleSchema>;
