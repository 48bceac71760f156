import type { Clock } from './clock.js';

/** What a limiter says of one more request from a key. */
export interface RateDecision {
  allowed: boolean;
  /** Requests still allowed in the current window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window ends and the key may try again (at least 1 when refused). */
  retryAfterSeconds: number;
}

/**
 * A limit on requests per key (a client address, a conversation). Asynchronous: with Redis the
 * count lives there (state/store-rate-limiter.ts), shared by every instance, so that N instances
 * do not allow N times the limit.
 */
export interface RateLimiter {
  /** Counts one request from `key` and says whether it may go on. */
  take(key: string): Promise<RateDecision>;
  /** Says whether `key` is over its limit, without counting anything. */
  peek(key: string): Promise<RateDecision>;
}

/** The limit's decision when there is no limit (0). */
export const UNLIMITED: RateDecision = { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };

export interface RateLimiterOptions {
  /** Requests allowed per key and window; 0 allows everything. */
  limit: number;
  windowMs: number;
  clock: Clock;
  /** Keys remembered at most; the oldest windows go first when it is full. */
  maxKeys?: number;
}

/**
 * A fixed-window counter per key, in memory, for a single process (no Redis): enough to keep one
 * address from minting conversations or guessing keys by the thousand, and bounded in the keys it
 * remembers whatever a flood of addresses does.
 */
export function createMemoryRateLimiter(options: RateLimiterOptions): RateLimiter & { size(): number } {
  const { limit, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();

  const current = (key: string, now: number) => {
    const w = windows.get(key);
    if (w && now - w.start < windowMs) return w;
    if (w) windows.delete(key);
    return undefined;
  };
  const decision = (count: number, start: number, now: number): RateDecision => {
    const allowed = count <= limit;
    return { allowed, remaining: Math.max(0, limit - count), retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
  };
  const makeRoom = (now: number) => {
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
    // Still full: the oldest windows (the first inserted) go.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };

  return {
    take(key) {
      if (limit <= 0) return Promise.resolve(UNLIMITED);
      const now = clock.now().getTime();
      let w = current(key, now);
      if (!w) {
        if (windows.size >= maxKeys) makeRoom(now);
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      // A refused request does not push the count (and the wait) further.
      if (w.count <= limit) w.count += 1;
      return Promise.resolve(decision(w.count, w.start, now));
    },
    peek(key) {
      if (limit <= 0) return Promise.resolve(UNLIMITED);
      const now = clock.now().getTime();
      const w = current(key, now);
      if (!w) return Promise.resolve({ allowed: true, remaining: limit, retryAfterSeconds: 0 });
      // Over the limit once `limit` requests are counted: the next one would be refused.
      return Promise.resolve(w.count >= limit ? decision(limit + 1, w.start, now) : decision(w.count, w.start, now));
    },
    size: () => windows.size,
  };
}
