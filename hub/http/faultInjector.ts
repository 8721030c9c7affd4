import type { FaultSettings } from '../routes/adminFaultRoutes';
import type { SyncRouteName } from './routeTable';
import { seededRandom } from './seededRandom';

/** How many requests each kind of fault was injected into (GET /admin/stats `faultsInjected`). */
export type FaultCounts = Record<'latency' | 'reset' | 'error' | 'commitThenFail' | 'malformed', number>;

/** What to do to one sync request: before handling it, and after (once it is committed). */
export interface FaultPlan {
  latencyMs: number;
  before: 'reset' | 'error' | null;
  after: 'commitThenFail' | 'malformed' | null;
  /** A second draw to pick the flavour of the fault (destroy vs 500, truncated vs schema-violating). */
  flavour: number;
}

const NONE: FaultSettings = { errorRate: 0, latencyMs: 0, resetRate: 0, commitThenFailRate: 0, malformedRate: 0 };

/**
 * Injected faults for sync routes, as set by POST /admin/faults (the demo's and the tests' tool). Kept in the
 * process, not the database, on purpose: a fault test aims at one hub process.
 */
export class FaultInjector {
  private settings: FaultSettings = NONE;
  readonly counts: FaultCounts = { latency: 0, reset: 0, error: 0, commitThenFail: 0, malformed: 0 };
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  set(settings: FaultSettings): FaultSettings {
    this.settings = settings;
    return this.settings;
  }

  current(): FaultSettings {
    return this.settings;
  }

  plan(route: SyncRouteName): FaultPlan {
    const s = this.settings;
    const plan: FaultPlan = { latencyMs: 0, before: null, after: null, flavour: this.random() };
    if (s.routes && !s.routes.includes(route)) return plan;
    if (s.latencyMs > 0) {
      plan.latencyMs = s.latencyMs;
      this.counts.latency++;
    }
    // Each rate is drawn on its own, in the documented order; the first that fires wins.
    if (this.random() < s.resetRate) plan.before = 'reset';
    else if (this.random() < s.errorRate) plan.before = 'error';
    else if (this.random() < s.commitThenFailRate) plan.after = 'commitThenFail';
    else if (this.random() < s.malformedRate) plan.after = 'malformed';
    if (plan.before) this.counts[plan.before]++;
    if (plan.after) this.counts[plan.after]++;
    return plan;
  }
}
