import type { Assurance, PresentedKind } from '../identify/types';
import type { Profile } from '../../sync/cache/types';

export interface CurrentCustomer {
  profile: Profile;
  kind: PresentedKind;
  assurance: Assurance;
  identifiedAt: number;
}

/**
 * Who is at this till right now. One customer at a time; a new identification replaces the last.
 * An idle customer is forgotten after `idleMs` so a name never lingers on a screen the queue can see.
 */
export class CustomerSession {
  private current: CurrentCustomer | null = null;

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number,
  ) {}

  get(): CurrentCustomer | null {
    if (this.current && this.now() - this.current.identifiedAt > this.idleMs) this.current = null;
    return this.current;
  }

  set(customer: CurrentCustomer): void {
    this.current = customer;
  }

  /** A higher assurance for the same person raises the session's level; it never lowers it. */
  raise(profile: Profile, kind: PresentedKind, assurance: Assurance, order: readonly Assurance[]): CurrentCustomer {
    const existing = this.get();
    const keep = existing && existing.profile.id === profile.id && order.indexOf(existing.assurance) > order.indexOf(assurance);
    const next: CurrentCustomer = keep
      ? { ...existing, profile, identifiedAt: this.now() }
      : { profile, kind, assurance, identifiedAt: this.now() };
    this.current = next;
    return next;
  }

  /** Raises the current customer (kept as presented) if it is still `profileId`; null when no one or someone else is. */
  raiseTo(profileId: string, assurance: Assurance, order: readonly Assurance[]): CurrentCustomer | null {
    const existing = this.get();
    if (!existing || existing.profile.id !== profileId) return null;
    return this.raise(existing.profile, existing.kind, assurance, order);
  }

  clear(): boolean {
    const had = this.get() !== null;
    this.current = null;
    return had;
  }
}
