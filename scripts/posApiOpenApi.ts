/**
 * Builds docs/pos-api.openapi.json, the POS API's OpenAPI 3.1 description, by walking the routes the server serves
 * (main/api/posApiRoutes.ts: each declares its method, path, request schema, answers and problems) and the problem
 * table (main/api/problemTable.ts), so the document cannot drift from the code:
 *   node bin/run-ts.mjs scripts/posApiOpenApi.ts --write   regenerates the file
 *   node bin/run-ts.mjs scripts/posApiOpenApi.ts --check   exits 1 when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { RouteAnswer, RouteContract } from '../main/api/apiRoute';
import { TillEventSchema } from '../main/api/contract/events';
import { DeadLetterSchema, DeviceViewSchema, MANAGER_TOKEN_HEADER } from '../main/api/contract/manager';
import { ProblemSchema } from '../main/api/contract/problem';
import {
  AssuranceSchema,
  CrmSummarySchema,
  OfferSchema,
  PresentedKindSchema,
  ProfileSummarySchema,
  ReceiptSummarySchema,
  RecentPurchaseSchema,
} from '../main/api/contract/profile';
import { StepUpActionSchema, StepUpMethodSchema, StepUpRequiredProblemSchema, StepUpStatusSchema } from '../main/api/contract/stepUp';
import { POS_API_ROUTES, POS_API_TAGS } from '../main/api/posApiRoutes';
import { PROBLEMS, type ProblemCode } from '../main/api/problemTable';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/pos-api.openapi.json', import.meta.url));

/** Schemas nested in the routes' own that get a component name of their own, so the document refers to them. */
const nestedComponents = {
  ProfileSummary: ProfileSummarySchema,
  ReceiptSummary: ReceiptSummarySchema,
  Offer: OfferSchema,
  RecentPurchase: RecentPurchaseSchema,
  CrmSummary: CrmSummarySchema,
  DeviceView: DeviceViewSchema,
  DeadLetter: DeadLetterSchema,
  StepUpStatus: StepUpStatusSchema,
  // RFC 9457 lets a problem type add members (a failure's `extra`: balance, retryAfterSeconds, stillAllowed, …), and
  // clients must ignore ones they do not know: the documents are open even though the zod schema strips.
  Problem: ProblemSchema.loose(),
  StepUpRequiredProblem: StepUpRequiredProblemSchema.loose(),
};

/** Enums both sides use; they convert the same either way, so one component serves both. */
const sharedSchemas = {
  Assurance: AssuranceSchema,
  PresentedKind: PresentedKindSchema,
  StepUpAction: StepUpActionSchema,
  StepUpMethod: StepUpMethodSchema,
};

/** Request bodies, converted as the server accepts them (zod's input side: defaults make a field optional). */
function requestSchemas(): Record<string, z.ZodType> {
  return Object.fromEntries(POS_API_ROUTES.flatMap((route) => (route.request ? [[route.request.name, route.request.schema]] : [])));
}

/** Answers, converted as the server sends them (zod's output side). */
function responseSchemas(): Record<string, z.ZodType> {
  const answers = POS_API_ROUTES.flatMap((route) => Object.values(route.answers).flatMap((answer) => (answer.json ? [[answer.json.name, answer.json.schema] as const] : [])));
  return { ...Object.fromEntries(answers), ...nestedComponents };
}

// ---------------------------------------------------------------------------------------------------------------------
// Building the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** `/api/v1/profiles/:id` → `/api/v1/profiles/{id}`, the router's pattern in OpenAPI's spelling. */
export function toOpenApiPath(routerPath: string): string {
  return routerPath.replace(/:([a-zA-Z]+)/g, '{$1}');
}

function sortedByKey<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function convert(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...sharedSchemas, ...schemas })) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: (id) => `#/components/schemas/${id}` });
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(converted)) {
    if (id === '__shared') throw new Error('A contract schema is recursive or shared unnamed; give it a component name (nestedComponents in scripts/posApiOpenApi.ts).');
    // A component is not a standalone document: OpenAPI names it by its place, and 3.1 fixes the dialect.
    const { $schema: _schema, $id: _id, ...rest } = schema as Json;
    out[id] = rest;
  }
  return out;
}

function componentSchemas(): Record<string, Json> {
  const requests = convert(requestSchemas(), 'input');
  const responses = convert(responseSchemas(), 'output');
  for (const name of Object.keys(requests)) {
    if (name in responses && JSON.stringify(requests[name]) !== JSON.stringify(responses[name])) {
      throw new Error(`Component ${name} converts differently as a request and as an answer; give the two sides different names.`);
    }
  }
  return sortedByKey(Object.entries({ ...responses, ...requests }));
}


function headerObjects(headers: Record<string, string>): Json {
  return Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
}

function problemResponse(types: ProblemCode[]): Json {
  const docs = types.map((type) => PROBLEMS[type]);
  const schemaNames = [...new Set(docs.map((doc) => doc.schema ?? 'Problem'))];
  const headers = Object.assign({}, ...docs.map((doc) => doc.headers ?? {})) as Record<string, string>;
  const lines = types.map((type, i) => `- \`${type}\`: ${docs[i]?.means ?? ''}`);
  return {
    description: `A problem; \`type\` is https://tillid.dev/problems/ followed by one of:\n${lines.join('\n')}`,
    ...(Object.keys(headers).length > 0 ? { headers: headerObjects(headers) } : {}),
    content: {
      'application/problem+json': { schema: schemaNames.length === 1 ? ref(schemaNames[0] as string) : { anyOf: schemaNames.map(ref) } },
    },
  };
}

function eventTypes(): string[] {
  return TillEventSchema.options.map((option) => option.shape.type.value);
}

function answerResponse(answer: RouteAnswer): Json {
  const headers = answer.headers ? { headers: headerObjects(answer.headers) } : {};
  if (answer.eventStream) {
    return {
      description: `${answer.description} Each event is \`event: <type>\` and \`data: <TillEvent as JSON>\` (#/components/schemas/TillEvent), `
        + `with a comment heartbeat every 15 s. Types: ${eventTypes().map((type) => `\`${type}\``).join(', ')}.`,
      ...headers,
      content: { 'text/event-stream': { schema: { type: 'string' }, 'x-tillid-event-data': ref('TillEvent') } },
    };
  }
  return {
    description: answer.description,
    ...headers,
    ...(answer.json ? { content: { 'application/json': { schema: ref(answer.json.name) } } } : {}),
  };
}

/** Problems many routes answer alike: written once under components.responses and referred to. */
const sharedProblemResponses: Record<string, ProblemCode[]> = {
  InvalidBody: ['malformed_json', 'invalid_body'],
  Unauthorized: ['unauthorized'],
  ManagerPinRequired: ['manager_pin_required'],
  BodyTooLarge: ['body_too_large'],
  UnsupportedMediaType: ['unsupported_media_type'],
  BadHost: ['bad_host'],
  Internal: ['internal'],
  DiskFull: ['disk_full'],
};

function sharedResponseFor(types: ProblemCode[]): string | undefined {
  const key = types.join(' ');
  return Object.keys(sharedProblemResponses).find((name) => sharedProblemResponses[name]?.join(' ') === key);
}

/** Problem codes by status for one route: the ones its contract implies, then its own, with statuses from the table. */
function problemsFor(route: RouteContract): Map<number, ProblemCode[]> {
  const byStatus = new Map<number, ProblemCode[]>();
  const add = (...types: ProblemCode[]) => {
    for (const type of types) {
      const status = PROBLEMS[type].status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
    }
  };
  if (route.request) add('malformed_json', 'invalid_body', 'body_too_large', 'unsupported_media_type');
  if (!route.public) add('unauthorized');
  if (route.managerToken) add('manager_pin_required');
  add(...(route.problems ?? []));
  add('bad_host', 'internal');
  // What changes the till's state writes to its disk; a full disk refuses it (nothing accepted before is lost).
  if (route.method !== 'GET') add('disk_full');
  return new Map([...byStatus.entries()].sort(([a], [b]) => a - b));
}

function operation(route: RouteContract): Json {
  const responses: Record<string, Json> = {};
  for (const [status, answer] of Object.entries(route.answers)) responses[status] = answerResponse(answer);
  for (const [status, types] of problemsFor(route)) {
    if (responses[String(status)]) throw new Error(`${route.method} ${route.path}: status ${status} is both an answer and a problem.`);
    const shared = sharedResponseFor(types);
    responses[String(status)] = shared ? { $ref: `#/components/responses/${shared}` } : problemResponse(types);
  }
  const params = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map(([, name]) => ({
    name, in: 'path', required: true, schema: { type: 'string' },
  }));
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.public ? { security: [] } : route.managerToken ? { security: [{ bearer: [], managerToken: [] }] } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(route.request
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(route.request.name) } } } }
      : {}),
    // Integer-like keys keep ascending order in JS objects: statuses come out sorted.
    responses: Object.fromEntries(Object.entries(responses)),
  };
}

const methodOrder: Array<RouteContract['method']> = ['GET', 'POST', 'DELETE'];

function pathItems(): Record<string, Json> {
  const items = new Map<string, Json>();
  for (const method of methodOrder) {
    for (const route of POS_API_ROUTES.filter((r) => r.method === method)) {
      const openApiPath = toOpenApiPath(route.path);
      const item = items.get(openApiPath) ?? {};
      const key = method.toLowerCase();
      if (item[key]) throw new Error(`${method} ${route.path} is in the route table twice.`);
      item[key] = operation(route);
      items.set(openApiPath, item);
    }
  }
  return sortedByKey([...items.entries()]);
}

/** The POS API's OpenAPI 3.1 document: the same input always gives the same object, key for key. */
export function buildPosApiOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tillid POS API',
      version: '1',
      summary: 'The local HTTP API the POS software and the cashier UI use to identify customers at a till.',
      description: 'Served on 127.0.0.1 only. Generated from the zod schemas in main/api/contract by scripts/posApiOpenApi.ts: '
        + 'do not edit by hand. The prose guide is docs/pos-api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:7420', description: 'The till on its default port.' }],
    security: [{ bearer: [] }],
    tags: Object.entries(POS_API_TAGS).map(([name, description]) => ({ name, description })),
    paths: pathItems(),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token in <data>/api.token; `tillid token --data DIR` prints it.' },
        managerToken: {
          type: 'apiKey', in: 'header', name: MANAGER_TOKEN_HEADER,
          description: 'The manager token from POST /api/v1/manager/session; it expires after a while unused.',
        },
      },
      schemas: componentSchemas(),
      responses: Object.fromEntries(Object.entries(sharedProblemResponses).map(([name, types]) => [name, problemResponse(types)])),
    },
  };
}

export function renderPosApiOpenApi(): string {
  return `${JSON.stringify(buildPosApiOpenApi(), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Command line.

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${right[at] ?? '(end of file)'}\n  generated: ${left[at] ?? '(end of file)'}`;
}

function run(args: string[]): number {
  const relative = path.relative(process.cwd(), OPENAPI_FILE);
  const generated = renderPosApiOpenApi();
  if (args.includes('--write')) {
    writeFileSync(OPENAPI_FILE, generated);
    console.log(`wrote ${relative}`);
    return 0;
  }
  if (args.includes('--check')) {
    let committed: string;
    try {
      committed = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      console.error(`${relative} is missing. Run: node bin/run-ts.mjs scripts/posApiOpenApi.ts --write`);
      return 1;
    }
    if (committed === generated) {
      console.log(`${relative} is up to date`);
      return 0;
    }
    console.error(`${relative} is out of date with the routes in main/api/posApiRoutes.ts and their contract.`);
    console.error(firstDifference(generated, committed));
    console.error('Run: node bin/run-ts.mjs scripts/posApiOpenApi.ts --write (npm run docs:api), then commit the file.');
    return 1;
  }
  console.error('usage: node bin/run-ts.mjs scripts/posApiOpenApi.ts --write | --check');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = run(process.argv.slice(2));
}
