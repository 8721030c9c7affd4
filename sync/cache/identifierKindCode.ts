import type { IdentifierKind } from './types';

// Stored as a one-byte integer; append only, never renumber.
const CODES: Record<IdentifierKind, number> = { phone: 1, email: 2, card: 3, member_number: 4 };
const KINDS = new Map<number, IdentifierKind>(Object.entries(CODES).map(([k, c]) => [c, k as IdentifierKind]));

export function identifierKindCode(kind: IdentifierKind): number {
  const code = Object.hasOwn(CODES, kind) ? CODES[kind] : undefined;
  if (code === undefined) throw new Error(`unknown identifier kind ${JSON.stringify(String(kind).slice(0, 20))}`);
  return code;
}

export function identifierKindFromCode(code: number): IdentifierKind | undefined {
  return KINDS.get(code);
}
