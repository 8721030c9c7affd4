import {
  HeartbeatSchema,
  BootstrapQuerySchema, ChangesQuerySchema, CursorSchema, EnrolRequestSchema, PageTokenSchema, profileFromRow, SYNC_LIMITS, SYNC_PATHS,
  UploadRequestSchema,
} from '../../protocol';
import type { Change, ChangesPage, KeySet, ProfileRow } from '../../protocol';
import type { CrmParts } from '../crmParts';
import { jsonReply, rawJsonReply, syncProblem, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { decodeCursor, decodePageToken, encodeCursor, encodePageToken } from '../store/feedPositions';
import type { BootstrapPosition } from '../store/feedPositions';
import { profileIdOf } from '../store/profileIds';
import type { ChangeEntry } from '../store/changeFeed';

const EXPIRED = 'the CRM no longer knows this position (older than its change log, or from another epoch): bootstrap again';

/** A position given but unreadable is expired, not a bad request: the till's way out is a fresh bootstrap. */
function unreadablePosition(value: string | null, schema: typeof CursorSchema): boolean {
  return value !== null && value !== '' && !schema.safeParse(value).success;
}

/** The sync protocol's five endpoints (docs/sync-protocol.md). */
export function syncRoutes(parts: CrmParts): Route[] {
  const pageStmt = parts.db.prepare<[number, number], [number, string]>('SELECT seq, row_json FROM profiles WHERE seq > ? ORDER BY seq LIMIT ?').raw();
  const rowStmt = parts.db.prepare<[number], string>('SELECT row_json FROM profiles WHERE seq = ?').pluck();

  function renderChange(entry: ChangeEntry): Change | null {
    switch (entry.type) {
      case 'upsert': {
        const row = entry.profileSeq === null ? undefined : rowStmt.get(entry.profileSeq);
        // Gone since: its erase or merge comes later in the feed.
        return row === undefined ? null : { type: 'upsert', profile: profileFromRow(JSON.parse(row) as ProfileRow) };
      }
      case 'erase':
        return { type: 'erase', profileId: profileIdOf(entry.profileSeq ?? 0) };
      case 'merge':
        return { type: 'merge', from: profileIdOf(entry.fromSeq ?? 0), into: profileIdOf(entry.profileSeq ?? 0) };
      case 'keys':
        return { type: 'keys', keys: parts.keyring.publicKeys() };
    }
  }

  return [
    {
      method: 'POST', path: SYNC_PATHS.enrol, auth: 'none', sync: 'enrol',
      handle: ({ body, now }) => {
        const parsed = EnrolRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the enrolment request');
        const outcome = parts.enrolment.enrol(parsed.data, now);
        if (!outcome.ok) {
          parts.logger.info({ problem: outcome.problem }, 'enrolment refused');
          return syncProblem(outcome.problem, 'ask the store manager for a new enrolment code');
        }
        parts.logger.info({ deviceId: outcome.deviceId }, 'till enrolled');
        return jsonReply(201, outcome.response);
      },
    },
    {
      method: 'GET', path: SYNC_PATHS.bootstrap, auth: 'device', sync: 'bootstrap',
      handle: ({ query, now }) => {
        if (unreadablePosition(query.get('after'), PageTokenSchema)) return syncProblem('cursor_expired', EXPIRED);
        const parsed = BootstrapQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the bootstrap query');
        const { after, limit } = parsed.data;
        let position: BootstrapPosition;
        if (after === undefined) {
          position = { epoch: parts.epoch, snapshotSeq: parts.feed.head(), afterSeq: 0, total: parts.profiles.store.count() };
        } else {
          const decoded = decodePageToken(after, parts.epoch);
          if (decoded === null || 'foreignEpoch' in decoded || !parts.feed.isServable(decoded.snapshotSeq)) return syncProblem('cursor_expired', EXPIRED);
          position = decoded;
        }
        const rows = pageStmt.all(position.afterSeq, limit + 1);
        const more = rows.length > limit;
        if (more) rows.pop();
        const last = rows.at(-1);
        const next = more && last ? encodePageToken({ ...position, afterSeq: last[0] }) : null;
        // Rows are stored pre-rendered: the page is assembled as text, not re-serialised.
        const body = `{"rows":[${rows.map((r) => r[1]).join(',')}],"nextPageToken":${JSON.stringify(next)},"cursor":${JSON.stringify(encodeCursor(parts.epoch, position.snapshotSeq))},"total":${position.total},"keys":${JSON.stringify(parts.keyring.publicKeys())},"serverTime":${now}}`;
        return rawJsonReply(200, body);
      },
    },
    {
      method: 'GET', path: SYNC_PATHS.changes, auth: 'device', sync: 'changes',
      handle: ({ query, now }) => {
        if (unreadablePosition(query.get('cursor'), CursorSchema)) return syncProblem('cursor_expired', EXPIRED);
        const parsed = ChangesQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return validationProblem(parsed.error, 'the changes query');
        const decoded = decodeCursor(parsed.data.cursor, parts.epoch);
        if (decoded === null || 'foreignEpoch' in decoded || !parts.feed.isServable(decoded.seq)) return syncProblem('cursor_expired', EXPIRED);
        const entries = parts.feed.page(decoded.seq, parsed.data.limit);
        const changes: Change[] = [];
        for (const entry of entries) {
          const change = renderChange(entry);
          if (change) changes.push(change);
        }
        const lastSeq = entries.at(-1)?.seq ?? decoded.seq;
        const page: ChangesPage = { changes, cursor: encodeCursor(parts.epoch, lastSeq), hasMore: lastSeq < parts.feed.head(), serverTime: now };
        return jsonReply(200, page);
      },
    },
    {
      method: 'GET', path: SYNC_PATHS.keys, auth: 'device', sync: 'keys',
      handle: () => jsonReply(200, { keys: parts.keyring.publicKeys() } satisfies KeySet),
    },
    {
      method: 'POST', path: SYNC_PATHS.upload, auth: 'device', sync: 'upload', bodyLimit: SYNC_LIMITS.maxUploadBytes,
      handle: ({ body, device, now }) => {
        const items = (body as { items?: unknown } | undefined)?.items;
        if (Array.isArray(items) && items.length > SYNC_LIMITS.maxUploadItems) {
          return syncProblem('batch_too_large', `at most ${SYNC_LIMITS.maxUploadItems} items per batch`);
        }
        const parsed = UploadRequestSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the upload batch');
        const results = parts.uploads.process(parsed.data.items, device?.deviceId ?? 'unknown', now);
        for (const r of results) parts.stats.uploads[r.status]++;
        parts.logger.debug({ deviceId: device?.deviceId, items: results.length }, 'upload batch answered');
        return jsonReply(200, { results });
      },
    },
    {
      // A test double keeps no fleet: the heartbeat is checked against the contract and dropped.
      method: 'POST', path: SYNC_PATHS.heartbeat, auth: 'device',
      handle: ({ body, now }) => {
        const parsed = HeartbeatSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the heartbeat');
        return jsonReply(200, { receivedAt: now });
      },
    },
  ];
}
