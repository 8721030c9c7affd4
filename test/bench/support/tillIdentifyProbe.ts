// Child process of identify.bench.ts: the whole till (cache, identification, POS API, event bus) over a loaded cache,
// the way `tillid start` runs it. Measures identify in-process and over loopback HTTP, then reports its RSS.
// `node bin/run-ts.mjs test/bench/support/tillIdentifyProbe.ts <dataDir> <profiles>` → one JSON line.
import { createHmac, createSecretKey } from 'node:crypto';
import http from 'node:http';
import pino from 'pino';
import { startTill } from '../../../main/compose/startTill';
import { createIdentifier } from '../../../main/identify/identify';
import { createMemberKeyRing } from '../../../main/identify/memberKeyRing';
import { createMemoryNonceStore } from '../../support/memoryNonceStore';
import { benchMemberPhone, seededRandom } from './benchMembers';
import { pairedSamples } from './pairedSamples';
import { percentiles } from './stats';

const [dataDir, profilesArg] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: tillIdentifyProbe.ts <dataDir> <profiles>');
const profiles = Number(profilesArg ?? 1_000_000);
const IN_PROCESS = 100_000;
const OVER_HTTP = 5_000;

/** How a cashier types the number: 070-123 45 67. */
function typed(e164: string): string {
  const national = `0${e164.slice(3)}`;
  return `${national.slice(0, 3)}-${national.slice(3, 6)} ${national.slice(6, 8)} ${national.slice(8)}`;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

// A real logger at info level writing to /dev/null: the cost of the log line is part of identify.
const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
const till = await startTill({ dataDir, logger, port: 0 });
const random = seededRandom(11);

// The definition first: classify + hash + lookup (createIdentifier over the same cache), beside its limit, one
// createHmac (with a key object made once) of the normalised identifier plus one prepared indexed SELECT of the same
// profile columns on the same connection. Samples alternate (pairedSamples), each side with its own random members.
const core = createIdentifier({
  config: till.config.identify,
  keys: createMemberKeyRing(),
  nonces: createMemoryNonceStore({ now: Date.now }),
  now: Date.now,
  findByIdentifier: (kind, value) => till.cache.profiles.findByIdentifier(kind, value),
  findById: (id) => till.cache.profiles.findById(id),
});
const hmacKey = createSecretKey(Buffer.from(till.cache.hashKey));
const bareSelect = till.cache.db.prepare(
  'SELECT p.id, p.first_name, p.display_name, p.tier, p.points_balance, p.points_as_of, p.status FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE i.hash = ?',
);
const limitRandom = seededRandom(12);
const coreInputs = Array.from({ length: IN_PROCESS }, () => typed(benchMemberPhone(Math.floor(random() * profiles))));
const limitInputs = Array.from({ length: IN_PROCESS }, () => `phone\0${benchMemberPhone(Math.floor(limitRandom() * profiles))}`);
let limitFound = 0;
let coreFound = 0;
const measurePaired = (rounds: number): ReturnType<typeof pairedSamples> => pairedSamples(
  rounds,
  (n) => {
    if (core(coreInputs[n]!, 'typed').result === 'identified') coreFound++;
  },
  (n) => {
    if (bareSelect.get(createHmac('sha256', hmacKey).update(limitInputs[n]!).digest().subarray(0, 16)) !== undefined) limitFound++;
  },
);
measurePaired(2_000); // warm-up: the JIT, and both statements' first pages
limitFound = 0;
coreFound = 0;
const paired = measurePaired(IN_PROCESS);
coreInputs.length = 0; // not counted in the RSS below
limitInputs.length = 0;
if (coreFound !== IN_PROCESS || limitFound !== IN_PROCESS) throw new Error(`identify found ${coreFound}, the limit ${limitFound}, of ${IN_PROCESS}`);
const coreSamples = paired.value;

const inputs = Array.from({ length: 1000 }, () => typed(benchMemberPhone(Math.floor(random() * profiles))));
let identified = 0;
const inProcess: number[] = [];
for (let n = 0; n < IN_PROCESS; n++) {
  const input = n % 10 === 9 ? typed(benchMemberPhone(Math.floor(random() * profiles))) : inputs[n % inputs.length]!;
  const started = performance.now();
  const result = await till.till.identify(input, 'typed');
  inProcess.push((performance.now() - started) * 1000);
  if (result.result === 'identified') identified++;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function postIdentify(input: string): Promise<number> {
  const body = JSON.stringify({ input, source: 'typed' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: till.port, path: '/api/v1/identify', method: 'POST', agent, headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const overHttp: number[] = [];
for (let n = 0; n < OVER_HTTP; n++) {
  const input = typed(benchMemberPhone(Math.floor(random() * profiles)));
  const started = performance.now();
  const status = await postIdentify(input);
  overHttp.push(performance.now() - started);
  if (status !== 200) throw new Error(`identify answered ${status}`);
}
agent.destroy();
const rss = process.memoryUsage().rss;
// Steady state: what the till holds once the garbage of 105k requests is collected (run with --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 200));
const memory = process.memoryUsage();
await till.close();
process.stdout.write(
  `${JSON.stringify({ identified, of: IN_PROCESS, classifyHashLookupUs: percentiles(coreSamples), limitUs: percentiles(paired.limit), tillIdentifyUs: percentiles(inProcess), httpMs: percentiles(overHttp), rssMB: mb(rss), rssAfterGcMB: mb(memory.rss), heapUsedMB: mb(memory.heapUsed), heapTotalMB: mb(memory.heapTotal), externalMB: mb(memory.external) })}\n`,
);
