// classifyInput on a realistic mix of inputs (no cache: classification alone), and member QR verification beside its
// limit: crypto.verify of the same signature with the Ed25519 key object already made (target: p99 ratio ≤ 1.2).
import { generateKeyPairSync, verify } from 'node:crypto';
import { classifyInput } from '../../main/identify/classify';
import { DEFAULT_IDENTIFY_CONFIG } from '../../main/identify/identifyConfig';
import { createMemberKeyRing } from '../../main/identify/memberKeyRing';
import { signMemberToken } from '../../main/identify/memberQr';
import { createMemoryNonceStore } from '../support/memoryNonceStore';
import type { InputSource } from '../../main/identify/types';
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
  const iat = Math.floor(now / 1000);
  const tokens = Array.from({ length: TOKENS + TOKEN_WARM_UP }, (_, i) =>
    signMemberToken({ kid: 'k1', sub: `p-${i}`, iat, exp: iat + 120, nonce: `bench-nonce-${i}` }, keys.privateKey));
  const signed = tokens.map((token) => {
    const dot = token.lastIndexOf('.');
    return { input: Buffer.from(token.slice(0, dot), 'latin1'), signature: Buffer.from(token.slice(dot + 1), 'base64url') };
  });
  let verified = 0;
  let limitVerified = 0;
  const measure = (from: number, rounds: number): ReturnType<typeof pairedSamples> =>
    pairedSamples(
      rounds,
      (n) => {
        if (classifyInput(tokens[from + n]!, 'scan', DEFAULT_IDENTIFY_CONFIG, deps).outcome === 'person') verified++;
      },
      (n) => {
        const { input, signature } = signed[from + n]!;
        if (verify(null, input, keys.publicKey, signature)) limitVerified++;
      },
    );
  measure(0, TOKEN_WARM_UP);
  verified = 0;
  limitVerified = 0;
  const qr = measure(TOKEN_WARM_UP, TOKENS);
  if (verified !== TOKENS || limitVerified !== TOKENS) throw new Error(`member QR: ${verified} verified, the limit ${limitVerified}, of ${TOKENS}`);
  const qrUs = percentiles(qr.value);
  const qrLimitUs = percentiles(qr.limit);

  const kinds: Record<string, unknown> = {};
  for (const [kind, samples] of byKind) kinds[kind] = percentiles(samples);
  return {
    unit: 'µs per call',
    calls: CALLS,
    classify: percentiles(all),
    byKind: kinds,
    memberQr: {
      p99: { ...withinRatio(qrUs.p99, qrLimitUs.p99, 1.2, 'µs'), limitIs: 'crypto.verify, Ed25519 key object made once, same bytes, alternating' },
      p50: { value: qrUs.p50, limit: qrLimitUs.p50, ratio: Math.round((qrUs.p50 / qrLimitUs.p50) * 1000) / 1000 },
      us: qrUs,
      limitUs: qrLimitUs,
    },
    note: 'classification alone should be a few µs; identify against its limit is in the identify bench',
  };
}
