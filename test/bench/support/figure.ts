// Every bench target as one shape: the figure, the limit it is judged against (the same work done the plainest way,
// measured in the same run on the same machine, or a fixed ceiling), their ratio, the target and whether it was met.
// Absolute times move 2–4× from run to run on a shared machine; a ratio to the same run's limit does not.

export interface Figure {
  value: number;
  /** What `value` is compared with: the physical limit of the same work, measured in this run (or a fixed ceiling). */
  limit: number;
  ratio: number;
  target: string;
  met: boolean;
  unit: string;
}

const round = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

/** value / limit ≤ maxRatio. */
export function withinRatio(value: number, limit: number, maxRatio: number, unit: string): Figure {
  const ratio = value / limit;
  return { value: round(value), limit: round(limit), ratio: round(ratio), target: `ratio ≤ ${maxRatio}`, met: ratio <= maxRatio, unit };
}

/** value ≤ limit + margin (for latencies whose limit is itself a few ms, where a ratio would say little). */
export function withinMargin(value: number, limit: number, margin: number, unit: string): Figure {
  return { value: round(value), limit: round(limit), ratio: round(value / limit), target: `≤ limit + ${margin} ${unit}`, met: value <= limit + margin, unit };
}

/** value ≤ a fixed ceiling (memory, counts): the ceiling stands in as the limit. */
export function atMost(value: number, ceiling: number, unit: string): Figure {
  return { value: round(value), limit: ceiling, ratio: round(value / ceiling), target: `≤ ${ceiling} ${unit}`, met: value <= ceiling, unit };
}

export function isFigure(value: unknown): value is Figure {
  return typeof value === 'object' && value !== null && typeof (value as { met?: unknown }).met === 'boolean' && 'target' in value;
}

/** Every figure in a bench report, by its path (`cache.1000000.load`), for the summary. */
export function figuresIn(report: unknown, at = ''): Array<{ at: string; figure: Figure }> {
  if (isFigure(report)) return [{ at, figure: report }];
  if (typeof report !== 'object' || report === null) return [];
  return Object.entries(report).flatMap(([key, value]) => figuresIn(value, at === '' ? key : `${at}.${key}`));
}

/** value ≥ a fixed floor (throughput): the floor stands in as the limit. */
export function atLeast(value: number, floor: number, unit: string): Figure {
  return { value: round(value), limit: floor, ratio: round(value / floor), target: `≥ ${floor} ${unit}`, met: value >= floor, unit };
}
