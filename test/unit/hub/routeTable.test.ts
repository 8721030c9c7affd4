import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../hub/http/routeTable';
import type { Route } from '../../../hub/http/routeTable';

const route = (method: Route['method'], path: string): Route => ({ method, path, auth: 'none', handle: () => ({ status: 204 }) });
const routes = [route('GET', '/admin/profiles/:id'), route('DELETE', '/admin/profiles/:id'), route('POST', '/admin/profiles/:id/merge'), route('GET', '/sync/v1/keys')];

describe('the route table', () => {
  it.each([
    ['GET', '/admin/profiles/P00000001', '/admin/profiles/:id', { id: 'P00000001' }],
    ['DELETE', '/admin/profiles/P1', '/admin/profiles/:id', { id: 'P1' }],
    ['POST', '/admin/profiles/P%2041/merge', '/admin/profiles/:id/merge', { id: 'P 41' }],
    ['GET', '/sync/v1/keys', '/sync/v1/keys', {}],
  ])('%s %s → %s', (method, path, pattern, params) => {
    const match = matchRoute(routes, method, path);
    expect(match && 'route' in match ? [match.route.path, match.params] : match).toEqual([pattern, params]);
  });

  it.each([
    ['GET', '/admin/profiles/', null],
    ['GET', '/sync/v1/keys/extra', null],
    ['GET', '/admin/profiles/%E0%A4%A', null],
    ['POST', '/sync/v1/keys', { methodNotAllowed: true }],
  ])('%s %s → %j', (method, path, expected) => {
    expect(matchRoute(routes, method, path)).toEqual(expected);
  });
});
