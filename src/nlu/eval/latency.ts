import { percentile } from './metrics.js';

export interface LatencyReport {
  /** Per utterance, the best of `runs` timed calls (µs): the cost of the code, not of the machine. */
  perUtterance: number[];
  p50: number;
  p99: number;
  /** Every timed call, as measured (µs): includes the scheduler's pauses on a busy machine. */
  raw: { p50: number; p99: number };
  runs: number;
}

/**
 * Times `fn` on every item: one untimed warm-up pass (JIT, memos), then `runs` timed passes. The
 * reported percentiles are over utterances, each timed as the best of its runs, as `timeit` does:
 * on a shared machine (two cores, several people) a call is sometimes descheduled for milliseconds,
 * which says nothing about the code. The raw percentiles of every call are reported too.
 */
export function measureLatency<T>(items: readonly T[], fn: (item: T) => unknown, runs = 5): LatencyReport {
  for (const item of items) fn(item);
  const best = items.map(() => Number.POSITIVE_INFINITY);
  const raw: number[] = [];
  for (let run = 0; run < runs; run++) {
    items.forEach((item, i) => {
      const start = process.hrtime.bigint();
      fn(item);
      const us = Number(process.hrtime.bigint() - start) / 1000;
      raw.push(us);
      if (us < (best[i] as number)) best[i] = us;
    });
  }
  const sortedBest = [...best].sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    perUtterance: best,
    p50: round(percentile(sortedBest, 50)),
    p99: round(percentile(sortedBest, 99)),
    raw: { p50: round(percentile(raw, 50)), p99: round(percentile(raw, 99)) },
    runs,
  };
}
