import { describe, expect, it } from 'vitest';
import { parseRelayReport, TillOpenDetector, type RelayReport } from '../../../drivers/emulate/tillOpenDetector';

/** A detector on a hand-driven clock: `tick` fires the pending settle timer, as if settleMs had passed. */
function detector() {
  let pending: (() => void) | undefined;
  let readyCount = 0;
  const d = new TillOpenDetector({
    settleMs: 250,
    onReady: () => (readyCount += 1),
    setTimer: (callback) => (pending = callback),
    clearTimer: () => (pending = undefined),
  });
  return {
    d,
    feed: (...reports: RelayReport[]) => reports.forEach((r) => d.report(r)),
    tick: () => pending?.(),
    readyCount: () => readyCount,
  };
}

describe('TillOpenDetector: when may the emulated scanner send?', () => {
  it.each<[string, RelayReport[], boolean, boolean]>([
    // name, relay reports, tick the settle timer?, ready?
    ['nobody has opened the port', [], true, false],
    ['a flush without an open (the relay setting up its own pty)', ['flush'], true, false],
    ['opened, flush not seen yet, settle time not over', ['open'], false, false],
    ['opened and flushed (serialport)', ['open', 'flush'], false, true],
    ['opened by a till that never flushes, settle time over', ['open'], true, true],
    ['opened, then closed before the settle time was over', ['open', 'closed'], true, false],
    ['ready, then the till closed the port', ['open', 'flush', 'closed'], false, false],
    ['closed and opened again by a restarted till', ['open', 'flush', 'closed', 'open', 'flush'], false, true],
  ])('%s', (_name, reports, tick, ready) => {
    const t = detector();
    t.feed(...reports);
    if (tick) t.tick();
    expect(t.d.ready).toBe(ready);
  });

  it('says ready once per open, however many flushes and timers follow', () => {
    const t = detector();
    t.feed('open', 'flush', 'flush');
    t.tick();
    expect(t.readyCount()).toBe(1);
    t.feed('closed', 'open');
    t.tick();
    t.feed('flush');
    expect(t.readyCount()).toBe(2);
  });

  it.each([
    ['open', 'open'],
    ['closed', 'closed'],
    ['flush', 'flush'],
    ['Traceback (most recent call last):', undefined],
    ['', undefined],
  ])('relay line %j is %j', (line, report) => {
    expect(parseRelayReport(line)).toBe(report);
  });
});
