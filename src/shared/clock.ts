/** The one way the code base reads the time. Pass it in; never call `new Date()` in logic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface FakeClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  advanceMinutes(minutes: number): void;
  set(date: Date | string): void;
}

/** A clock for tests and for the simulator, whose time only moves when told to. */
export function createFakeClock(start: Date | string = '2026-01-15T09:00:00.000Z'): FakeClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new RangeError(`createFakeClock: invalid start date ${String(start)}`);
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      if (ms < 0) throw new RangeError('a clock does not go backwards');
      current += ms;
    },
    advanceMinutes(minutes: number) {
      this.advance(minutes * 60_000);
    },
    set: (date: Date | string) => {
      current = new Date(date).getTime();
    },
  };
}

/**
 * A clock that follows real time but can be moved forward, as the simulator's `POST /sim/clock`
 * does: expiries follow the offset, and time still flows between calls.
 */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
  offsetMs(): number;
}

export function createOffsetClock(base: Clock = systemClock): OffsetClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance: (ms: number) => {
      if (ms < 0) throw new RangeError('a clock does not go backwards');
      offset += ms;
    },
    offsetMs: () => offset,
  };
}

export const MINUTE_MS = 60_000;
