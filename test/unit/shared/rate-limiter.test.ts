import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createRateLimiter } from '../../../src/shared/rate-limiter.js';

describe('rate limiter', () => {
  it('allows `limit` requests per key and window, then refuses with the seconds left', () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, clock });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    clock.advance(20_000);
    expect(limiter.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 40 });
    // Another address is not affected.
    expect(limiter.take('b')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('opens again when the window ends, and refused requests do not make the wait longer', () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, clock });
    limiter.take('a');
    limiter.take('a');
    for (let i = 0; i < 50; i++) expect(limiter.take('a').allowed).toBe(false);
    clock.advance(59_999);
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('peeks without counting: blocked only once the limit is used up', () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, clock });
    expect(limiter.peek('a')).toMatchObject({ allowed: true, remaining: 2 });
    limiter.take('a');
    expect(limiter.peek('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.peek('a')).toMatchObject({ allowed: true, remaining: 1 });
    limiter.take('a');
    expect(limiter.peek('a')).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });

  it('limit 0 allows everything and remembers nothing', () => {
    const limiter = createRateLimiter({ limit: 0, windowMs: 60_000, clock: createFakeClock() });
    for (let i = 0; i < 1000; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.size()).toBe(0);
  });

  it('remembers at most maxKeys addresses: expired windows go first, then the oldest', () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock, maxKeys: 3 });
    limiter.take('old');
    clock.advance(61_000);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // "old" has expired: it makes room
    expect(limiter.size()).toBe(3);
    limiter.take('d'); // full of live windows: "a", the oldest, goes
    expect(limiter.size()).toBe(3);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
