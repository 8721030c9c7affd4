import { KeyRotationSchema } from '../admin/adminSchemas';
import type { CrmParts } from '../crmParts';
import { jsonReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';

/** Admin: member QR key rotation (a `keys` change enters the feed). */
export function adminKeyRoutes(parts: CrmParts): Route[] {
  return [
    {
      method: 'POST', path: '/admin/keys/rotate', auth: 'admin',
      handle: ({ body, now }) => {
        const parsed = KeyRotationSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the rotation');
        parts.db.transaction(() => {
          parts.keyring.rotate(now, parsed.data);
          parts.feed.append('keys', null, null, now);
        })();
        parts.logger.info('member QR keys rotated');
        return jsonReply(200, { keys: parts.keyring.publicKeys() });
      },
    },
  ];
}
