// Worker thread for bulk loads: hashes identifier inputs (`kind \0 value`) off the insert thread.
// Plain JavaScript so it loads the same under node, tsx, vitest and a bundle, with no loader.
//
// It computes exactly HMAC-SHA-256(key, input)[0..16) (the cache's identifierHasher; tests compare the two), but
// with the key's two pad blocks compressed once up front: a short input then costs two SHA-256 compressions,
// ~1 µs in plain JS against ~3 µs for a node:crypto createHmac call, whose cost is mostly per-call setup.
import { parentPort, workerData } from 'node:worker_threads';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Uint32Array(64);

/** One SHA-256 compression of the 64-byte block at `bytes[offset]` into `state`. */
function compress(state, bytes, offset) {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15];
    const b = W[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0; state[1] = (state[1] + b) | 0; state[2] = (state[2] + c) | 0; state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0; state[5] = (state[5] + f) | 0; state[6] = (state[6] + g) | 0; state[7] = (state[7] + h) | 0;
}

function padState(key, pad) {
  if (key.length > 64) throw new Error('hash keys longer than 64 bytes are not supported by the bulk hasher');
  const block = new Uint8Array(64);
  block.set(key);
  for (let i = 0; i < 64; i++) block[i] ^= pad;
  const state = IV.slice();
  compress(state, block, 0);
  return state;
}

function writeLength(block, end, bitLength) {
  const high = Math.floor(bitLength / 0x100000000);
  const low = bitLength >>> 0;
  block[end - 8] = high >>> 24; block[end - 7] = high >>> 16; block[end - 6] = high >>> 8; block[end - 5] = high;
  block[end - 4] = low >>> 24; block[end - 3] = low >>> 16; block[end - 2] = low >>> 8; block[end - 1] = low;
}

export function createTruncatedHmac(key) {
  const inner = padState(key, 0x36);
  const outer = padState(key, 0x5c);
  const state = new Uint32Array(8);
  const tail = new Uint8Array(128);
  const encoder = new TextEncoder();
  let message = new Uint8Array(1024);

  /** Writes the first 16 bytes of HMAC-SHA-256(key, text) to out[offset..offset+16). */
  return function hmacInto(text, out, offset) {
    if (text.length * 3 > message.length) message = new Uint8Array(text.length * 3);
    const n = encoder.encodeInto(text, message).written;
    state.set(inner);
    let at = 0;
    for (; n - at >= 64; at += 64) compress(state, message, at);
    const rest = n - at;
    tail.fill(0);
    tail.set(message.subarray(at, n));
    tail[rest] = 0x80;
    const end = rest < 56 ? 64 : 128;
    writeLength(tail, end, (64 + n) * 8);
    compress(state, tail, 0);
    if (end === 128) compress(state, tail, 64);
    // Outer hash: opad state + the 32-byte inner digest, one padded block.
    tail.fill(0);
    for (let i = 0; i < 8; i++) {
      tail[i * 4] = state[i] >>> 24; tail[i * 4 + 1] = state[i] >>> 16; tail[i * 4 + 2] = state[i] >>> 8; tail[i * 4 + 3] = state[i];
    }
    tail[32] = 0x80;
    writeLength(tail, 64, (64 + 32) * 8);
    state.set(outer);
    compress(state, tail, 0);
    for (let i = 0; i < 4; i++) {
      const o = offset + i * 4;
      out[o] = state[i] >>> 24; out[o + 1] = state[i] >>> 16; out[o + 2] = state[i] >>> 8; out[o + 3] = state[i];
    }
  };
}

if (parentPort && workerData && workerData.role === 'tillid-identifier-hash') {
  const hmacInto = createTruncatedHmac(new Uint8Array(workerData.key));
  parentPort.on('message', (request) => {
    const { id, inputs } = request;
    try {
      const out = new Uint8Array(inputs.length * 16);
      for (let i = 0; i < inputs.length; i++) hmacInto(inputs[i], out, i * 16);
      parentPort.postMessage({ id, hashes: out.buffer }, [out.buffer]);
    } catch {
      // Never echo inputs: they are phone numbers and emails.
      parentPort.postMessage({ id, failed: true });
    }
  });
}
