/**
 * A rate limit counted in the key-value store (Redis when configured), so that every instance
 * counts the same requests: new web chat conversations per address, wrong agent keys per address,
 * messages per Direct Line conversation. Fixed windows aligned on the clock (the same window on
 * every instance): one atomic increment per request, the key expiring with its window. Keys are
 * digests: a client address is personal data and never appears in the store.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { UNLIMITED, type RateDecision, type RateLimiter } from '../shared/rate-limiter.js';
import type { KeyValueStore } from './kv.js';

export interface StoreRateLimiterOptions {
  kv: KeyValueStore;
  /** Names the limit in its keys (`rl:<name>:…`). */
  name: string;
  /** Requests allowed per key and window; 0 allows everything. */
  limit: number;
  windowMs: number;
  clock: Clock;
}

export function createStoreRateLimiter(options: StoreRateLimiterOptions): RateLimiter {
  const { kv, limit, windowMs, clock } = options;
  const window = () => {
    const now = clock.now().getTime();
    const index = Math.floor(now / windowMs);
    return { index, retryAfterSeconds: Math.max(1, Math.ceil(((index + 1) * windowMs - now) / 1000)) };
  };
  const keyOf = (key: string, index: number) => `rl:${options.name}:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}:${index}`;
  const decide = (count: number, retryAfterSeconds: number, counted: boolean): RateDecision => {
    // take() counts this request; peek() asks whether the next one would pass.
    const allowed = counted ? count <= limit : count < limit;
    return { allowed, remaining: Math.max(0, limit - count), retryAfterSeconds: allowed ? 0 : retryAfterSeconds };
  };
  return {
    async take(key) {
      if (limit <= 0) return UNLIMITED;
      const { index, retryAfterSeconds } = window();
      return decide(await kv.incr(keyOf(key, index), { ttlMs: windowMs }), retryAfterSeconds, true);
    },
    async peek(key) {
      if (limit <= 0) return UNLIMITED;
      const { index, retryAfterSeconds } = window();
      return decide((await kv.get<number>(keyOf(key, index))) ?? 0, retryAfterSeconds, false);
    },
  };
}
