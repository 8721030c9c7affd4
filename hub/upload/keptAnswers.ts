import type { Sql } from '../db/sql';

/** What a request asked, as kept beside its answer: a key sent again must ask exactly this again. */
export type KeptRequest = Readonly<Record<string, string | number | null>>;

interface Kept<Request extends KeptRequest, Answer> {
  request: Request;
  answer: Answer;
}

/**
 * The answer kept in the upload ledger under `key` for a request of `kind`, replayed as is: null when the key is new,
 * `key_reused` when it was used for another kind or another request (a bug on the till's side, refused). Redemptions
 * keep one answer per key here (`keepAnswer`); uploads keep theirs per batch (uploadDesk.ts).
 */
export async function keptAnswer<Request extends KeptRequest, Answer>(
  tx: Sql, key: string, kind: string, request: Request,
): Promise<Answer | { outcome: 'key_reused' } | null> {
  const [seen] = await tx.query<{ kind: string; result_json: string }>('SELECT kind, result_json FROM upload_ledger WHERE idempotency_key = $1', [key]);
  if (seen === undefined) return null;
  if (seen.kind !== kind) return { outcome: 'key_reused' };
  const first = JSON.parse(seen.result_json) as Kept<Request, Answer>;
  const same = Object.keys(request).every((field) => first.request[field] === request[field]);
  return same ? first.answer : { outcome: 'key_reused' };
}

/** Keeps `answer` to `request` under `key`, in the caller's transaction, for keptAnswer to replay. */
export async function keepAnswer<Request extends KeptRequest, Answer>(
  tx: Sql, key: string, tillId: string, kind: string, request: Request, answer: Answer, now: number,
): Promise<void> {
  const kept: Kept<Request, Answer> = { request, answer };
  await tx.query('INSERT INTO upload_ledger (idempotency_key, till_id, kind, result_json, at) VALUES ($1, $2, $3, $4, $5)', [key, tillId, kind, JSON.stringify(kept), now]);
}
