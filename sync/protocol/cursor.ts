import { z } from 'zod';

/**
 * A change-feed position. Opaque to the till: it stores the string and sends it back, nothing more.
 * (The CRM encodes its epoch and a sequence number in it; a till must not parse or compare cursors.)
 */
export const CursorSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.~-]+$/, 'a cursor is URL-safe');
export type Cursor = z.infer<typeof CursorSchema>;

/** A bootstrap continuation: opaque like the cursor. */
export const PageTokenSchema = z.string().min(1).max(400).regex(/^[A-Za-z0-9_.~-]+$/, 'a page token is URL-safe');
export type PageToken = z.infer<typeof PageTokenSchema>;
