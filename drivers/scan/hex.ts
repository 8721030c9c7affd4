/** Hex text ↔ bytes, for scripts and configuration (callers validate the text first). */
export function hexToBytes(hexText: string): Uint8Array {
  const bytes = new Uint8Array(Math.floor(hexText.length / 2));
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hexText.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
