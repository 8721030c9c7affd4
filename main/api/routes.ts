import { IdentifyRequestSchema } from './contract/identify';
import { SignupRequestSchema } from './contract/signup';
import { ReceiptRequestSchema } from './contract/receipt';
import { streamEvents } from './eventStream';
import { sendJson, sendProblem } from './problem';
import type { Route } from './router';
import type { TillCore } from './tillCore';
import { parseBody } from './parseBody';

/** The POS API, v1. Every route but health needs the bearer token (checked by the server). */
export function tillRoutes(core: TillCore): Route[] {
  return [
    { method: 'GET', path: '/api/v1/health', public: true, handle: ({ res }) => sendJson(res, 200, core.health()) },
    {
      method: 'POST',
      path: '/api/v1/identify',
      handle: async (ctx) => {
        const body = await parseBody(ctx, IdentifyRequestSchema, 'identify request');
        if (body) sendJson(ctx.res, 200, core.identify(body.input, body.source));
      },
    },
    { method: 'GET', path: '/api/v1/session', handle: ({ res }) => sendJson(res, 200, core.session()) },
    {
      method: 'DELETE',
      path: '/api/v1/session',
      handle: ({ res }) => {
        core.clearSession();
        res.writeHead(204).end();
      },
    },
    {
      method: 'POST',
      path: '/api/v1/signup',
      handle: async (ctx) => {
        const body = await parseBody(ctx, SignupRequestSchema, 'sign-up');
        if (body) sendJson(ctx.res, 201, core.signup(body));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/receipts',
      handle: async (ctx) => {
        const body = await parseBody(ctx, ReceiptRequestSchema, 'receipt');
        if (body) sendJson(ctx.res, 202, core.recordReceipt(body));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/profiles/:id',
      handle: ({ res, params }) => {
        const view = core.profileView(params.id ?? '');
        if (view) sendJson(res, 200, view);
        else sendProblem(res, { type: 'profile_not_found', status: 404, detail: 'No profile with that id is in this till’s cache.' });
      },
    },
    { method: 'GET', path: '/api/v1/devices', handle: ({ res }) => sendJson(res, 200, { devices: core.devices() }) },
    { method: 'GET', path: '/api/v1/sync', handle: ({ res }) => sendJson(res, 200, core.syncStatus()) },
    { method: 'POST', path: '/api/v1/sync', handle: async ({ res }) => sendJson(res, 200, await core.syncNow()) },
    { method: 'GET', path: '/api/v1/events', handle: ({ res }) => streamEvents(res, (listener) => core.subscribe(listener)) },
  ];
}
