// The CRM side of the 1M-member bootstrap, as the till meets it: the hub with the demo connector, in this process
// on PostgreSQL (TILLID_TEST_PG_URL, or a throwaway cluster), importing the members, then serving every bootstrap
// page over loopback to a plain keep-alive HTTP client (JSON.parse only), so the till's 20 s budget is not eaten
// here. (`hub.bench.ts` measures the hub in its own process against the hub's own target.)
import { Agent, request } from 'node:http';
import { createHub } from '../../hub';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import { BootstrapPageSchema, ChangesPageSchema } from '../../sync/protocol';
import { createTestDatabase } from '../support/postgres/testDatabase';
import { withBenchPostgres } from './support/benchPostgres';
import { atLeast } from './support/figure';

export const name = 'crm';

const MEMBERS = Number(process.env.TILLID_BENCH_CRM_MEMBERS ?? 1_000_000);
const PAGE = 10_000;

function get(agent: Agent, url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function post(url: string, token: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

export async function run(): Promise<Record<string, unknown>> {
  const { postgres, result } = await withBenchPostgres(async (serverUrl) => {
    const database = await createTestDatabase(serverUrl);
    try {
      return await measure(database.url);
    } finally {
      await database.drop();
    }
  });
  return { postgres, ...result };
}

async function measure(databaseUrl: string): Promise<Record<string, unknown>> {
  const seedStart = performance.now();
  const crm = await createHub({ databaseUrl, connector: createDemoConnector({ members: MEMBERS, seed: 1 }) });
  const seedMs = performance.now() - seedStart;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { code } = (await post(`${crm.url}/admin/enrolment-codes`, crm.adminToken, {})) as { code: string };
    const enrolled = (await (await fetch(`${crm.url}/sync/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, tillName: 'bench' }) })).json()) as { credentials: { token: string } };
    const token = enrolled.credentials.token;

    let rows = 0;
    let bytes = 0;
    let pages = 0;
    let validateMs = 0;
    let after: string | null = null;
    const start = performance.now();
    for (;;) {
      const q: string = after ? `&after=${after}` : '';
      const res = await get(agent, `${crm.url}/sync/v1/bootstrap?limit=${PAGE}${q}`, token);
      if (res.status !== 200) throw new Error(`bootstrap page → ${res.status}`);
      bytes += res.body.length;
      const page = JSON.parse(res.body) as { rows: unknown[]; nextPageToken: string | null };
      // Validation is the till's cost, timed apart (on every 10th page, to keep the bench short).
      if (pages % 10 === 0) {
        const v = performance.now();
        BootstrapPageSchema.parse(page);
        validateMs += (performance.now() - v) * 10;
      }
      rows += page.rows.length;
      pages++;
      after = page.nextPageToken;
      if (after === null) break;
    }
    const serveMs = performance.now() - start;

    // Deltas: 10,000 upserts made at the hub (its admin API), then pulled 1,000 a page.
    const cursorAnswer = await get(agent, `${crm.url}/sync/v1/bootstrap?limit=1`, token);
    let cursor = (JSON.parse(cursorAnswer.body) as { cursor: string }).cursor;
    await post(`${crm.url}/admin/changes/touch`, crm.adminToken, { count: 10_000 });
    let deltas = 0;
    const deltaStart = performance.now();
    for (let guard = 0; guard < 100; guard++) {
      const res = await get(agent, `${crm.url}/sync/v1/changes?cursor=${cursor}&limit=1000`, token);
      const page = ChangesPageSchema.parse(JSON.parse(res.body));
      deltas += page.changes.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const deltaMs = performance.now() - deltaStart;

    return {
      members: MEMBERS,
      seedMs: Math.round(seedMs),
      bootstrap: {
        pageSize: PAGE,
        pages,
        rows,
        megabytes: Math.round(bytes / 1e5) / 10,
        serveMs: Math.round(serveMs),
        rowsPerSecond: atLeast(Math.round(rows / (serveMs / 1000)), 100_000, 'rows/s'),
        estimatedClientValidationMs: Math.round(validateMs),
      },
      deltas: { count: deltas, serveAndParseMs: Math.round(deltaMs) },
    };
  } finally {
    agent.destroy();
    await crm.close();
  }
}
