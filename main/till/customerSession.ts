import type { Assurance, PresentedKind } from '../identify/types';
import type { Profile } from '../../sync/cache/types';

export interface CurrentCustomer {
  profile: Profile;
  kind: PresentedKind;
  assurance: Assurance;
  identifiedAt: number;
  /**
   * The signed member QR token that identified this customer, kept as proof for an offer's redemption (the hub checks
   * it itself). In memory only, for this session: never stored, logged or put on an event; gone when the session is.
   */
  memberQrToken?: string;
}

/**
 * Who is at this till right now. One customer at a time; a new identification replaces the last.
 * An idle customer is forgotten after `idleMs` so a name never lingers on a screen the queue can see: the session
 * ends by itself (a timer) and says so through `onExpire`, so no screen has to poll to find out.
 */
export class CustomerSession {
  private current: CurrentCustomer | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private changes = 0;

  /**
   * Counts every set, raise and clear (a clear of no one too): a CRM-side lookup that notes it when it starts can tell
   * on its answer whether the customer was decided meanwhile (someone else identified, cleared, signed up).
   */
  get generation(): number {
    return this.changes;
  }

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number,
    /** Called once each time an idle customer is forgotten (the composition publishes `session.cleared`, reason `timeout`). */
    private readonly onExpire: () => void = () => undefined,
  ) {}

  get(): CurrentCustomer | null {
    if (this.current && this.now() - this.current.identifiedAt > this.idleMs) this.expire();
    return this.current;
  }

  set(customer: CurrentCustomer): void {
    this.changes++;
    this.current = customer;
    this.arm();
  }

  /** Stops the idle timer (the till is closing). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire(): void {
    this.current = null;
    this.close();
    this.onExpire();
  }

  /** (Re)arms the idle timer from the current customer's last identification. */
  private arm(): void {
    this.close();
    if (!this.current) return;
    const left = Math.max(0, this.current.identifiedAt + this.idleMs - this.now()) + 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.current && this.now() - this.current.identifiedAt > this.idleMs) this.expire();
      else this.arm();
    }, left);
    // A forgotten customer is no reason to keep a process alive.
    this.timer.unref?.();
  }

  /**
   * A higher assurance for the same person raises the session's level; it never lowers it. `memberQrToken`: the member
   * QR that identified them now, if that is how; the same person keeps the last one otherwise.
   */
  raise(profile: Profile, kind: PresentedKind, assurance: Assurance, order: readonly Assurance[], memberQrToken?: string): CurrentCustomer {
    const existing = this.get();
    const same = existing !== null && existing.profile.id === profile.id;
    const keep = same && order.indexOf(existing.assurance) > order.indexOf(assurance);
    const token = memberQrToken ?? (same ? existing.memberQrToken : undefined);
    const level = keep ? { kind: existing.kind, assurance: existing.assurance } : { kind, assurance };
    const next: CurrentCustomer = { profile, ...level, identifiedAt: this.now(), ...(token === undefined ? {} : { memberQrToken: token }) };
    this.changes++;
    this.current = next;
    this.arm();
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
    this.changes++;
    this.current = null;
    this.close();
    return had;
  }
}
