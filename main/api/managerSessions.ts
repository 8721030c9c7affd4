import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Manager tokens: random, held only in memory (a restart logs every manager out), each valid for `idleMs` after its
 * last use. Few at once: the oldest is dropped past `maxTokens`.
 */
export class ManagerSessions {
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs = 10 * 60_000,
    private readonly maxTokens = 8,
  ) {}

  issue(): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    if (this.tokens.size >= this.maxTokens) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    const expiresAt = this.now() + this.idleMs;
    this.tokens.set(token, expiresAt);
    return { token, expiresAt };
  }

  /** Checks a token and, when valid, extends it; answers its new expiry or null. */
  touch(given: string | undefined): number | null {
    if (!given) return null;
    const key = this.find(given);
    if (key === null) return null;
    const expiresAt = this.tokens.get(key) ?? 0;
    if (expiresAt <= this.now()) {
      this.tokens.delete(key);
      return null;
    }
    const next = this.now() + this.idleMs;
    this.tokens.set(key, next);
    return next;
  }

  revoke(given: string | undefined): void {
    const key = given ? this.find(given) : null;
    if (key !== null) this.tokens.delete(key);
  }

  /** Constant-time comparison against each live token (there are at most a handful). */
  private find(given: string): string | null {
    const a = Buffer.from(given);
    let found: string | null = null;
    for (const token of this.tokens.keys()) {
      const b = Buffer.from(token);
      if (a.length === b.length && timingSafeEqual(a, b)) found = token;
    }
    return found;
  }
}
