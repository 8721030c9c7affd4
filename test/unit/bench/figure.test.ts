// The bench's verdicts: a figure is met exactly when its target holds, and the summary finds every figure, nested
// anywhere in a report, with the path that names it.
import { describe, expect, it } from 'vitest';
import { atLeast, atMost, figuresIn, withinMargin, withinRatio } from '../../bench/support/figure';
import { pairedSamples } from '../../bench/support/pairedSamples';

describe('bench figures', () => {
  it.each([
    ['a ratio at its target', withinRatio(12, 10, 1.2, 's'), true, 1.2],
    ['a ratio over it', withinRatio(12.1, 10, 1.2, 's'), false, 1.21],
    ['a ratio under 1 (faster than the plain way)', withinRatio(6, 10, 1.2, 's'), true, 0.6],
    ['a margin met', withinMargin(14, 9, 5, 'ms'), true, 1.556],
    ['a margin missed', withinMargin(14.5, 9, 5, 'ms'), false, 1.611],
    ['a ceiling', atMost(161, 160, 'MB'), false, 1.006],
    ['a floor', atLeast(100_000, 100_000, 'rows/s'), true, 1],
  ])('%s', (_case, figure, met, ratio) => {
    expect(figure.met).toBe(met);
    expect(figure.ratio).toBe(ratio);
    expect(Object.keys(figure).sort()).toEqual(['limit', 'met', 'ratio', 'target', 'unit', 'value']);
  });

  it('finds every figure of a report, by path, and nothing else', () => {
    const report = {
      cache: { sizes: { '1000000': { load: { ...withinRatio(13, 10, 1.2, 's'), limitIs: 'plain' }, fileMB: 208 } } },
      identify: { p99: withinRatio(1, 1, 1.5, 'µs'), probe: { met: 'not a figure' } },
      failed: { error: 'boom' },
    };
    expect(figuresIn(report).map(({ at, figure }) => [at, figure.met])).toEqual([
      ['cache.sizes.1000000.load', false],
      ['identify.p99', true],
    ]);
  });
});

describe('pairedSamples', () => {
  it('runs both sides once per round, swapping which goes first', () => {
    const order: string[] = [];
    const samples = pairedSamples(4, (n) => order.push(`v${n}`), (n) => order.push(`l${n}`));
    expect(order).toEqual(['v0', 'l0', 'l1', 'v1', 'v2', 'l2', 'l3', 'v3']);
    expect(samples.value).toHaveLength(4);
    expect(samples.limit.every((us) => us >= 0)).toBe(true);
  });
});
