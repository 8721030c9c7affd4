import {
  BootstrapQuerySchema, ChangesQuerySchema, CursorSchema, EnrolRequestSchema, PageTokenSchema, profileFromRow, SYNC_LIMITS, SYNC_PATHS,
  UploadRequestSchema,
} from '../../sync/protocol';
import type { Change, ChangesPage, KeySet, MemberQrKey, ProfileRow } from '../../sync/protocol';
import type { HubParts } from '../hubParts';
import { decodeCursor, decodePageToken, encodeCursor, encodePageToken } from '../feed/feedPositions';
import type { BootstrapPosition } from '../feed/feedPositions';
import type { ChangeEntry } from '../feed/changeLog';
import pLimit from 'p-limit';
import { bootstrapRows } from '../feed/bootstrapRows';
import { jsonReply, rawJsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/**
 * Bootstrap pages one hub process reads from PostgreSQL at a time; the rest queue here. A page is a few tens of
 * milliseconds of database time and megabytes through this process: ten tills bootstrapping at once would otherwise
 * hold both cores and the pool, and every change-feed poll of the fleet would wait behind them.
 */
export const BOOTSTRAP_PAGES_AT_ONCE = 2;

const EXPIRED = 'the hub no longer knows this position (older than its change log, from the future, or from another database): bootstrap again';

/** A position given but unreadable is expired, not a bad request: the till's way out is a fresh bootstrap. */
function unreadablePosition(value: string | null, schema: typeof CursorSchema): boolean {
  return value !== null && value !== '' && !schema.safeParse(value).success;
}

function renderChange(entry: ChangeEntry, keys: () => MemberQrKey[]): Change | null {
  switch (entry.type) {
    case 'upsert':
      // Gone since: its erase or merge comes later in the log.
      return entry.rowJson === null ? null : { type: 'upsert', profile: profileFromRow(JSON.parse(entry.rowJson) as ProfileRow) };
    case 'erase':
      return entry.profileId === null ? null : { type: 'erase', profileId: entry.profileId };
    case 'merge':
      return entry.profileId === null || entry.fromProfileId === null ? null : { type: 'merge', from: entry.fromProfileId, into: entry.profileId };
    case 'keys':
      return { type: 'keys', keys: keys() };
  }
}

/** Sync protocol v1 as the till speaks it (docs/sync-protocol.md): enrol, bootstrap, changes, keys, upload. */
export function syncRoutes(parts: HubParts): Route[] {
  const { db, feed, epoch } = parts;
  const bootstrapPage = pLimit(BOOTSTRAP_PAGES_AT_ONCE);
  return [
    {
      method: 'POST', path: SYNC_PATHS.enrol, auth: 'none', sync: 'enrol',
      handle: async ({ body, now }) => {
        const parsed = EnrolRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the enrolment request');
        const outcome = await parts.enrolment.enrol(parsed.data, now);
        if (!outcome.ok) {
          parts.logger.info({ problem: outcome.problem }, 'enrolment refused');
          return syncProblem(outcome.problem, 'ask the store manager for a new enrolment code');
        }
        parts.logger.info({ tillId: outcome.tillId }, 'till enrolled');
        return jsonReply(201, outcome.response);
      },
    },
    {
      method: 'GET', path: SYNC_PATHS.bootstrap, auth: 'till', sync: 'bootstrap',
      handle: async ({ query, now }) => {
        if (unreadablePosition(query.get('after'), PageTokenSchema)) return syncProblem('cursor_expired', EXPIRED);
        const parsed = BootstrapQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the bootstrap query');
        const { after, limit } = parsed.data;
        let position: BootstrapPosition;
        if (after === undefined) {
          position = { epoch, snapshotSeq: await feed.head(db), afterSeq: 0, total: await parts.mirror.count(db) };
        } else {
          const decoded = decodePageToken(after, epoch);
          if (decoded === null || !(await feed.isServable(db, decoded.snapshotSeq))) return syncProblem('cursor_expired', EXPIRED);
          position = decoded;
        }
        const page = await bootstrapPage(() => bootstrapRows(db, position.afterSeq, limit));
        const next = page.more && page.lastSeq !== null ? encodePageToken({ ...position, afterSeq: page.lastSeq }) : null;
        const keys = await parts.keyring.publicKeys(db);
        // Rows are stored pre-rendered and joined by PostgreSQL: the page is assembled as text, not re-serialised.
        const body = `{"rows":[${page.rowsJson}],"nextPageToken":${JSON.stringify(next)},"cursor":${JSON.stringify(encodeCursor(epoch, position.snapshotSeq))},"total":${position.total},"keys":${JSON.stringify(keys)},"serverTime":${now}}`;
        return rawJsonReply(200, body);
      },
    },
    {
      method: 'GET', path: SYNC_PATHS.changes, auth: 'till', sync: 'changes',
      handle: async ({ query, now, till }) => {
        if (unreadablePosition(query.get('cursor'), CursorSchema)) return syncProblem('cursor_expired', EXPIRED);
        const parsed = ChangesQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the changes query');
        const decoded = decodeCursor(parsed.data.cursor, epoch);
        const read = decoded === null ? null : await feed.pageAfter(db, decoded.seq, parsed.data.limit, till?.feed);
        if (decoded === null || read === null) return syncProblem('cursor_expired', EXPIRED);
        const { entries, head } = read;
        const keys = entries.some((e) => e.type === 'keys') ? await parts.keyring.publicKeys(db) : [];
        const changes: Change[] = [];
        for (const entry of entries) {
          const change = renderChange(entry, () => keys);
          if (change) changes.push(change);
        }
        const lastSeq = entries.at(-1)?.seq ?? decoded.seq;
        const page: ChangesPage = { changes, cursor: encodeCursor(epoch, lastSeq), hasMore: lastSeq < head, serverTime: now };
        return jsonReply(200, page);
      },
    },
    {
      method: 'GET', path: SYNC_PATHS.keys, auth: 'till', sync: 'keys',
      handle: async () => jsonReply(200, { keys: await parts.keyring.publicKeys(db) } satisfies KeySet),
    },
    {
      method: 'POST', path: SYNC_PATHS.upload, auth: 'till', sync: 'upload', bodyLimit: SYNC_LIMITS.maxUploadBytes,
      handle: async ({ body, till, now }) => {
        const items = (body as { items?: unknown } | undefined)?.items;
        if (Array.isArray(items) && items.length > SYNC_LIMITS.maxUploadItems) {
          return syncProblem('batch_too_large', `at most ${SYNC_LIMITS.maxUploadItems} items per batch`);
        }
        const parsed = UploadRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the upload batch');
        const results = await parts.uploads.process(parsed.data.items, till?.tillId ?? 'unknown', now);
        for (const r of results) parts.stats.uploads[r.status]++;
        parts.logger.debug({ tillId: till?.tillId, items: results.length }, 'upload batch answered');
        return jsonReply(200, { results });
      },
    },
  ];
}
