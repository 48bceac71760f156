import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createMemoryRateLimiter } from '../../../src/shared/rate-limiter.js';

const takeAll = async (n: number, take: () => Promise<{ allowed: boolean }>) => {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push((await take()).allowed);
  return out;
};

describe('rate limiter in memory (one process)', () => {
  it('allows `limit` requests per key and window, then refuses with the seconds left', async () => {
    const clock = createFakeClock();
    const limiter = createMemoryRateLimiter({ limit: 3, windowMs: 60_000, clock });
    expect(await takeAll(3, () => limiter.take('a'))).toEqual([true, true, true]);
    clock.advance(20_000);
    expect(await limiter.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 40 });
    // Another address is not affected.
    expect(await limiter.take('b')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('opens again when the window ends, and refused requests do not make the wait longer', async () => {
    const clock = createFakeClock();
    const limiter = createMemoryRateLimiter({ limit: 2, windowMs: 60_000, clock });
    await limiter.take('a');
    await limiter.take('a');
    expect(await takeAll(50, () => limiter.take('a'))).toEqual(Array.from({ length: 50 }, () => false));
    clock.advance(59_999);
    expect(await limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(await limiter.take('a')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('peeks without counting: blocked only once the limit is used up', async () => {
    const clock = createFakeClock();
    const limiter = createMemoryRateLimiter({ limit: 2, windowMs: 60_000, clock });
    expect(await limiter.peek('a')).toMatchObject({ allowed: true, remaining: 2 });
    await limiter.take('a');
    expect(await limiter.peek('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limiter.peek('a')).toMatchObject({ allowed: true, remaining: 1 });
    await limiter.take('a');
    expect(await limiter.peek('a')).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });

  it('limit 0 allows everything and remembers nothing', async () => {
    const limiter = createMemoryRateLimiter({ limit: 0, windowMs: 60_000, clock: createFakeClock() });
    expect((await takeAll(1000, () => limiter.take('a'))).every(Boolean)).toBe(true);
    expect(limiter.size()).toBe(0);
  });

  it('remembers at most maxKeys addresses: expired windows go first, then the oldest', async () => {
    const clock = createFakeClock();
    const limiter = createMemoryRateLimiter({ limit: 1, windowMs: 60_000, clock, maxKeys: 3 });
    await limiter.take('old');
    clock.advance(61_000);
    await limiter.take('a');
    await limiter.take('b');
    await limiter.take('c'); // "old" has expired: it makes room
    expect(limiter.size()).toBe(3);
    await limiter.take('d'); // full of live windows: "a", the oldest, goes
    expect(limiter.size()).toBe(3);
    expect((await limiter.take('a')).allowed).toBe(true);
    expect((await limiter.take('c')).allowed).toBe(false);
  });
});
