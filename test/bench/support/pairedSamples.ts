/**
 * Times `value` and `limit` in alternation, `rounds` times each, swapping which goes first every round: on a shared
 * machine a burst of noise then lands on both sides alike, and neither always runs on the other's warm caches.
 * Each function gets the round number (to pick its own input). Returns microseconds per call.
 */
export function pairedSamples(rounds: number, value: (round: number) => void, limit: (round: number) => void): { value: number[]; limit: number[] } {
  const out = { value: new Array<number>(rounds), limit: new Array<number>(rounds) };
  const timed = (f: (round: number) => void, round: number): number => {
    const started = process.hrtime.bigint();
    f(round);
    return Number(process.hrtime.bigint() - started) / 1000;
  };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      out.value[round] = timed(value, round);
      out.limit[round] = timed(limit, round);
    } else {
      out.limit[round] = timed(limit, round);
      out.value[round] = timed(value, round);
    }
  }
  return out;
}
