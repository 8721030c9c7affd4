import type { KeyObject } from 'node:crypto';
import type { MemberKeyRepository } from '../../sync/cache';
import { parseEd25519PublicKey, type MemberKeyRing } from '../identify/memberKeyRing';

/**
 * The member QR keys the sync engine keeps in the cache, as the key ring identification asks for.
 * Each lookup reads the cache (one indexed row), so a key the CRM rotates out or revokes stops verifying at once;
 * the parsed KeyObject is memoised per key text, so the parse is paid once.
 */
export function createCacheMemberKeyRing(repository: MemberKeyRepository, now: () => number): MemberKeyRing {
  const parsed = new Map<string, KeyObject>();
  function keyObject(text: string): KeyObject | undefined {
    let key = parsed.get(text);
    if (!key) {
      try {
        key = parseEd25519PublicKey(text);
      } catch {
        return undefined;
      }
      parsed.set(text, key);
    }
    return key;
  }
  return {
    get(kid) {
      const stored = repository.find(kid);
      if (!stored) return undefined;
      if (stored.notAfter !== null && now() > stored.notAfter) return undefined;
      return keyObject(stored.publicKey);
    },
    add(kid, key) {
      const text = typeof key === 'string' ? key : key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url');
      repository.upsert({ kid, publicKey: text, notAfter: null });
    },
    remove: (kid) => repository.remove(kid),
    list: () => repository.list().map((k) => k.kid),
  };
}
