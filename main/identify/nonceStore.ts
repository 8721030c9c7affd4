// Member QR nonces seen recently, so a photographed or replayed token works once. The till keeps them in memory and
// an append-only journal (sync/cache/nonceRepository.ts) so a restart forgets none; tests use
// test/support/memoryNonceStore.ts.

export interface NonceStore {
  /** True if `nonce` was already seen and has not expired; otherwise records it until `expiresAtMs` and returns false. */
  seen(nonce: string, expiresAtMs: number): boolean;
}
