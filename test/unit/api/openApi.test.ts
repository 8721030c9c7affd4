import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { managerRoutes } from '../../../main/api/managerRoutes';
import { POS_API_ROUTES } from '../../../main/api/posApiRoutes';
import type { Route } from '../../../main/api/router';
import { tillRoutes } from '../../../main/api/routes';
import { screenRoutes } from '../../../main/api/screenRoutes';
import { receiptDeliveryRoutes } from '../../../main/api/receiptDeliveryRoutes';
import { stepUpRoutes } from '../../../main/api/stepUpRoutes';
import { OPENAPI_FILE, buildPosApiOpenApi, renderPosApiOpenApi, toOpenApiPath } from '../../../scripts/posApiOpenApi';

const REGENERATE = 'node bin/run-ts.mjs scripts/posApiOpenApi.ts --write';

/** The routes a till serves, bound to empty stand-ins: only their method, path and flags are read. */
function servedRoutes(): Route[] {
  return [...tillRoutes({} as never), ...stepUpRoutes({} as never), ...screenRoutes({} as never, () => () => undefined), ...receiptDeliveryRoutes({} as never), ...managerRoutes({} as never)];
}

const key = (method: string, path: string) => `${method} ${path}`;

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), doc);
}

function collectRefs(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, into));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') into.push(v);
      else collectRefs(v, into);
    }
  }
  return into;
}

const doc = buildPosApiOpenApi() as any;
const operations: Array<{ method: string; path: string; op: any }> = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
  Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);

describe('the POS API OpenAPI document', () => {
  it('is committed as generated: a contract or route-table change must regenerate docs/pos-api.openapi.json', () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(renderPosApiOpenApi() === committed, `docs/pos-api.openapi.json is stale: run ${REGENERATE}`).toBe(true);
  });

  it('renders the same text every time (stable key order)', () => {
    expect(renderPosApiOpenApi()).toBe(renderPosApiOpenApi());
  });

  it('describes exactly the routes the server serves, with the same method and path', () => {
    const served = servedRoutes().map((route) => key(route.method, toOpenApiPath(route.path))).sort();
    const documented = operations.map(({ method, path }) => key(method, path)).sort();
    expect(documented).toEqual(served);
    expect(new Set(served).size).toBe(served.length);
  });

  it.each([
    ['/api/v1/profiles/:id', '/api/v1/profiles/{id}'],
    ['/api/v1/step-up/:id/code', '/api/v1/step-up/{id}/code'],
    ['/api/v1/health', '/api/v1/health'],
  ])('spells the router path %s as %s', (routerPath, openApiPath) => {
    expect(toOpenApiPath(routerPath)).toBe(openApiPath);
  });

  it('asks for no token exactly where the server serves without one (health)', () => {
    const publicServed = servedRoutes().filter((route) => route.public).map((route) => key(route.method, toOpenApiPath(route.path)));
    const publicDocumented = operations
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ method, path }) => key(method, path));
    expect(publicDocumented).toEqual(publicServed);
    expect(publicServed).toEqual(['GET /api/v1/health']);
  });

  it('is a walk over the routes: each one served reads its body with the schema it documents', () => {
    const served = new Map(servedRoutes().map((route) => [key(route.method, route.path), route]));
    for (const contract of POS_API_ROUTES) {
      const route = served.get(key(contract.method, contract.path));
      expect(route?.request?.schema, key(contract.method, contract.path)).toBe(contract.request?.schema);
      expect(route?.status).toBe(Number(Object.keys(contract.answers)[0]));
      const op = doc.paths[toOpenApiPath(contract.path)][contract.method.toLowerCase()];
      expect(op.requestBody?.content['application/json'].schema.$ref).toBe(contract.request ? `#/components/schemas/${contract.request.name}` : undefined);
      expect(op.security).toEqual(contract.public ? [] : contract.managerToken ? [{ bearer: [], managerToken: [] }] : undefined);
    }
  });
});

describe('the document is sane OpenAPI 3.1', () => {
  it('has the version, info, paths and the bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('resolves every $ref inside the document', () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => resolvePointer(doc, ref) === undefined)).toEqual([]);
  });

  it('uses every component it defines', () => {
    const refs = new Set(collectRefs(doc));
    const unused = [
      ...Object.keys(doc.components.schemas).map((name) => `#/components/schemas/${name}`),
      ...Object.keys(doc.components.responses).map((name) => `#/components/responses/${name}`),
    ].filter((ref) => !refs.has(ref));
    expect(unused).toEqual([]);
  });

  it('keeps components free of standalone-document keywords ($schema, $id)', () => {
    const text = JSON.stringify(doc.components.schemas);
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$id"');
  });

  it('gives every operation a unique operationId, a summary and at least one response', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of operations) {
      expect(op.summary).toEqual(expect.any(String));
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      for (const status of Object.keys(op.responses)) expect(status).toMatch(/^[1-5]\d\d$/);
    }
  });

  it('declares each path template parameter as a required path parameter', () => {
    for (const { path, op } of operations) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path' && p.required).map((p: any) => p.name);
      expect(declared, path).toEqual(templated);
    }
  });

  it.each([
    ['POST', '/api/v1/identify', '400'],
    ['POST', '/api/v1/identify', '413'],
    ['POST', '/api/v1/identify', '415'],
    ['GET', '/api/v1/session', '401'],
    ['GET', '/api/v1/health', '421'],
    ['GET', '/api/v1/profiles/{id}', '404'],
    ['POST', '/api/v1/signup', '409'],
    ['POST', '/api/v1/receipts', '422'],
    ['POST', '/api/v1/step-up', '503'],
  ])('answers %s %s %s as application/problem+json', (method, path, status) => {
    const response = doc.paths[path][method.toLowerCase()].responses[status];
    const resolved = response.$ref ? resolvePointer(doc, response.$ref) : response;
    expect(Object.keys((resolved as any).content)).toEqual(['application/problem+json']);
  });

  it('documents the event stream as text/event-stream carrying TillEvents', () => {
    const answer = doc.paths['/api/v1/events'].get.responses['200'];
    expect(answer.content['text/event-stream']['x-tillid-event-data']).toEqual({ $ref: '#/components/schemas/TillEvent' });
    expect(doc.components.schemas.TillEvent.oneOf.length).toBeGreaterThan(0);
    expect(answer.description).toContain('`stepup.completed`');
  });

  it('takes request bodies as accepted (input side) and answers as sent (output side)', () => {
    // `source` has a default: optional in the request, so a body without it is valid.
    expect(doc.components.schemas.IdentifyRequest.required).toEqual(['input']);
    // The code request trims spaces before its digit check: the document shows what may be sent.
    expect(doc.components.schemas.StepUpCodeRequest.properties.code).toEqual({ type: 'string', maxLength: 32 });
    expect(doc.components.schemas.Health.additionalProperties).toBe(false);
  });
});
