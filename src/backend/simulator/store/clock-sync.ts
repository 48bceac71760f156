import type { OffsetClock } from '../../../shared/clock.js';
import type { KeyValueStore } from '../../../state/kv.js';

const OFFSET_KEY = 'clock:offset-ms';

export interface SimClock {
  /** Brings the local clock up to the offset stored in the KV (set by any instance). */
  sync(): Promise<void>;
  /** Moves the simulated time forward for every instance sharing the store. */
  advance(ms: number): Promise<void>;
  now(): Date;
  /** How far ahead of real time the simulated time is. */
  offsetMs(): number;
}

/**
 * The simulated time is real time plus an offset that `POST /sim/clock` increases. The offset lives
 * in the KeyValueStore, so that with Redis every instance (and a restarted one) agrees on the
 * time; each instance applies what it has not applied yet to its own OffsetClock.
 */
export function createSimClock(clock: OffsetClock, kv: KeyValueStore): SimClock {
  let applied = 0;
  const apply = (stored: number) => {
    if (stored > applied) {
      clock.advance(stored - applied);
      applied = stored;
    }
  };
  return {
    async sync() {
      apply((await kv.get<number>(OFFSET_KEY)) ?? 0);
    },
    async advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the simulated clock only moves forward');
      apply(await kv.incr(OFFSET_KEY, { by: Math.round(ms) }));
    },
    now: () => clock.now(),
    offsetMs: () => clock.offsetMs(),
  };
}
