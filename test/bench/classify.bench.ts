// classifyInput on a realistic mix of inputs (no cache: classification alone), and member QR verification beside its
// limit: crypto.verify of the same signature with the Ed25519 key object already made (target: p99 ratio ≤ 1.2).
import { generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyInput } from '../../main/identify/classify';
import type { ClassifyDeps } from '../../main/identify/classify';
import { DEFAULT_IDENTIFY_CONFIG } from '../../main/identify/identifyConfig';
import { createMemberKeyRing } from '../../main/identify/memberKeyRing';
import { signMemberToken } from '../../main/identify/memberQr';
import { createMemoryNonceStore } from '../support/memoryNonceStore';
import type { InputSource } from '../../main/identify/types';
import { createCacheMemberKeyRing } from '../../main/till/cacheMemberKeyRing';
import { openMemberCache } from '../../sync/cache/memberCache';
import { withinRatio } from './support/figure';
import { pairedSamples } from './support/pairedSamples';
import { percentiles } from './support/stats';

export const name = 'classify';

const CALLS = 200_000;
const TOKENS = 20_000;
const TOKEN_WARM_UP = 1_000;

const MIX: ReadonlyArray<[string, string, InputSource]> = [
  ['phone', '070-123 45 67', 'typed'],
  ['phone', '+46 70 123 45 67', 'typed'],
  ['phone', '0046701234567', 'typed'],
  ['email', 'Anna.Svensson@Example.se', 'typed'],
  ['card', '0401234567893', 'scan'],
  ['card', '0401234567890', 'scan'],
  ['magstripe', '%B6035550012345678^SVENSSON/ANNA^2812120?;6035550012345678=2812120?', 'scan'],
  ['member_number', 'M00012345', 'scan'],
  ['product', '7310865004703', 'scan'],
  ['product', '0107310865004703\u001d10ABC123', 'scan'],
  ['garbage', 'https://example.se/kampanj?id=42', 'scan'],
  ['garbage', 'x'.repeat(5000), 'scan'],
];

function nanos(): bigint {
  return process.hrtime.bigint();
}

export async function run(): Promise<Record<string, unknown>> {
  const keys = generateKeyPairSync('ed25519');
  const now = Date.now();
  const deps = { keys: createMemberKeyRing([{ kid: 'k1', publicKey: keys.publicKey }]), nonces: createMemoryNonceStore({ now: () => now }), now: () => now };

  for (let i = 0; i < 20_000; i++) {
    const [, input, source] = MIX[i % MIX.length] ?? MIX[0]!;
    classifyInput(input, source, DEFAULT_IDENTIFY_CONFIG, deps);
  }

  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  for (let i = 0; i < CALLS; i++) {
    const [kind, input, source] = MIX[i % MIX.length] ?? MIX[0]!;
    const start = nanos();
    classifyInput(input, source, DEFAULT_IDENTIFY_CONFIG, deps);
    const us = Number(nanos() - start) / 1000;
    all.push(us);
    let samples = byKind.get(kind);
    if (!samples) byKind.set(kind, (samples = []));
    samples.push(us);
  }

  // Each token once (a nonce is accepted once); the limit verifies the same token's signature over the same bytes.
  // First with an in-memory key ring and nonce store (the check itself), then with the till's own, as till.ts wires
  // them: the key ring over the cache (cacheMemberKeyRing.ts) and the nonce journal (nonceRepository.ts).
  const iat = Math.floor(now / 1000);
  const tokens = Array.from({ length: 2 * (TOKENS + TOKEN_WARM_UP) }, (_, i) =>
    signMemberToken({ kid: 'k1', sub: `p-${i}`, iat, exp: iat + 300, nonce: `bench-nonce-${i}` }, keys.privateKey));
  const signed = tokens.map((token) => {
    const dot = token.lastIndexOf('.');
    return { input: Buffer.from(token.slice(0, dot), 'latin1'), signature: Buffer.from(token.slice(dot + 1), 'base64url') };
  });
  const memberQr = (stores: Pick<ClassifyDeps, 'keys' | 'nonces' | 'now'>, from: number): Record<string, unknown> => {
    const qrDeps = { ...deps, ...stores };
    let verified = 0;
    let limitVerified = 0;
    const measure = (start: number, rounds: number): ReturnType<typeof pairedSamples> =>
      pairedSamples(
        rounds,
        (n) => {
          if (classifyInput(tokens[start + n]!, 'scan', DEFAULT_IDENTIFY_CONFIG, qrDeps).outcome === 'person') verified++;
        },
        (n) => {
          const { input, signature } = signed[start + n]!;
          if (verify(null, input, keys.publicKey, signature)) limitVerified++;
        },
      );
    measure(from, TOKEN_WARM_UP);
    verified = 0;
    limitVerified = 0;
    const qr = measure(from + TOKEN_WARM_UP, TOKENS);
    if (verified !== TOKENS || limitVerified !== TOKENS) throw new Error(`member QR: ${verified} verified, the limit ${limitVerified}, of ${TOKENS}`);
    const us = percentiles(qr.value);
    const limitUs = percentiles(qr.limit);
    return {
      p99: { ...withinRatio(us.p99, limitUs.p99, 1.2, 'µs'), limitIs: 'crypto.verify, Ed25519 key object made once, same bytes, alternating' },
      p50: { value: us.p50, limit: limitUs.p50, ratio: Math.round((us.p50 / limitUs.p50) * 1000) / 1000 },
      us,
      limitUs,
    };
  };
  const checkAlone = memberQr({ keys: deps.keys, nonces: createMemoryNonceStore({ now: () => now }), now: () => now }, 0);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-bench-qr-'));
  const cache = openMemberCache(dataDir); // the clock too is the till's: Date.now

  let withTillNonces: Record<string, unknown>;
  try {
    const tillKeys = createCacheMemberKeyRing(cache.memberKeys, Date.now);
    tillKeys.add('k1', keys.publicKey); // stored as the sync engine stores the CRM's keys, parsed at the first scan
    withTillNonces = memberQr({ keys: tillKeys, nonces: cache.nonces, now: Date.now }, TOKENS + TOKEN_WARM_UP);
  } finally {
    cache.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const kinds: Record<string, unknown> = {};
  for (const [kind, samples] of byKind) kinds[kind] = percentiles(samples);
  return {
    unit: 'µs per call',
    calls: CALLS,
    classify: percentiles(all),
    byKind: kinds,
    memberQr: checkAlone,
    /** The till's key ring over the cache and its nonce journal (the name is older than the key ring in it). */
    memberQrWithTillNonceStore: withTillNonces,
    note: 'classification alone should be a few µs; identify against its limit is in the identify bench',
  };
}
