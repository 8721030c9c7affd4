import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters: ~16 MiB and a few tens of ms, so a stolen config cannot try 10,000 PINs in a blink. */
const SCRYPT = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_BYTES = 32;

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$<salt b64>$<hash b64>`, the format of config `manager.pinHash`. */
export async function hashManagerPin(pin: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await derive(pin, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `pin` matches `pinHash`; false for a wrong PIN, a missing hash or one in another format. */
export async function verifyManagerPin(pin: string, pinHash: string | undefined): Promise<boolean> {
  const parts = pinHash?.split('$');
  if (!parts || parts.length !== 3 || parts[0] !== 'scrypt') return false;
  const salt = Buffer.from(parts[1] ?? '', 'base64');
  const expected = Buffer.from(parts[2] ?? '', 'base64');
  if (salt.length < 8 || expected.length !== KEY_BYTES) return false;
  const key = await derive(pin, salt);
  return timingSafeEqual(key, expected);
}
