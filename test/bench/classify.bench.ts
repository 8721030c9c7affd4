// classifyInput on a realistic mix of inputs (no cache: classification alone), and member QR verification.
import { generateKeyPairSync } from 'node:crypto';
import { classifyInput } from '../../main/identify/classify';
import { DEFAULT_IDENTIFY_CONFIG } from '../../main/identify/identifyConfig';
import { createMemberKeyRing } from '../../main/identify/memberKeyRing';
import { signMemberToken } from '../../main/identify/memberQr';
import { createMemoryNonceStore } from '../support/memoryNonceStore';
import type { InputSource } from '../../main/identify/types';
import { percentiles } from './support/stats';

export const name = 'classify';

const CALLS = 200_000;
const TOKENS = 2_000;

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

  const iat = Math.floor(now / 1000);
  const tokens = Array.from({ length: TOKENS }, (_, i) =>
    signMemberToken({ kid: 'k1', sub: `p-${i}`, iat, exp: iat + 120, nonce: `bench-nonce-${i}` }, keys.privateKey));
  const tokenSamples: number[] = [];
  let verified = 0;
  for (const token of tokens) {
    const start = nanos();
    const result = classifyInput(token, 'scan', DEFAULT_IDENTIFY_CONFIG, deps);
    tokenSamples.push(Number(nanos() - start) / 1000);
    if (result.outcome === 'person') verified++;
  }

  const kinds: Record<string, unknown> = {};
  for (const [kind, samples] of byKind) kinds[kind] = percentiles(samples);
  return {
    unit: 'µs per call',
    calls: CALLS,
    classify: percentiles(all),
    byKind: kinds,
    memberQrVerify: { ...percentiles(tokenSamples), verified },
    target: 'identify (classify + hash + lookup) p99 ≤ 100 µs; classification alone should be a few µs',
  };
}
