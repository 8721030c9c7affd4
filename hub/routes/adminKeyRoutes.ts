import { z } from 'zod';
import { writeTransaction } from '../db/sql';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/** How long a member QR made by `POST /admin/member-qr/:id` holds when the request names no `ttlSeconds`. */
export const DEFAULT_MEMBER_QR_TTL_SECONDS = 120;

export const MemberQrRequestSchema = z.object({ ttlSeconds: z.number().int().min(1).max(300).default(DEFAULT_MEMBER_QR_TTL_SECONDS) });

export const KeyRotationSchema = z.object({
  revokePrevious: z.boolean().default(false),
  graceSeconds: z.number().int().min(0).max(30 * 86_400).default(3600),
});

/** Admin: a member QR token as the member app would show it, and key rotation (a `keys` change enters the feed). */
export function adminKeyRoutes(parts: HubParts): Route[] {
  const { db, keyring } = parts;
  return [
    {
      method: 'POST', path: '/admin/member-qr/:id', auth: 'admin',
      handle: async ({ params, body, now }) => {
        const parsed = MemberQrRequestSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the token request');
        const state = params.id === undefined ? null : await parts.mirror.get(db, params.id);
        if (!state) return problemReply(404, 'not_found', 'no such profile');
        return jsonReply(201, await keyring.sign(db, state.profileId, now, parsed.data.ttlSeconds));
      },
    },
    {
      method: 'POST', path: '/admin/keys/rotate', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = KeyRotationSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the rotation');
        await writeTransaction(db, async (tx) => {
          await keyring.rotate(tx, now, parsed.data);
          await parts.feed.append(tx, 'keys', null, null, now);
        });
        parts.logger.info('member QR keys rotated');
        return jsonReply(200, { keys: await keyring.publicKeys(db) });
      },
    },
  ];
}
