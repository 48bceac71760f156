import type { KeyValueStore } from '../../../state/kv.js';
import { MINUTE_MS } from '../../../shared/clock.js';
import { RETENTION_MS } from '../rules.js';

export interface LockoutOptions {
  maxAttempts: number;
  lockMinutes: number;
  now: () => Date;
}

export type FailureOutcome = { locked: false; attemptsLeft: number } | { locked: true; until: Date };

/**
 * Wrong access codes counted per person, not per conversation or enrolment session: a second
 * conversation (or a new session, or a new code) does not start the count again. The counter is an
 * atomic increment, so concurrent attempts on two instances are all counted.
 */
export interface Lockout {
  lockedUntil(personId: string): Promise<Date | undefined>;
  recordFailure(personId: string): Promise<FailureOutcome>;
  recordSuccess(personId: string): Promise<void>;
}

export function createLockout(kv: KeyValueStore, options: LockoutOptions): Lockout {
  const failures = (id: string) => `lockout:${id}:failures`;
  const lock = (id: string) => `lockout:${id}:until`;
  const lockMs = options.lockMinutes * MINUTE_MS;
  return {
    async lockedUntil(personId) {
      const until = await kv.get<string>(lock(personId));
      if (!until) return undefined;
      const date = new Date(until);
      return date.getTime() > options.now().getTime() ? date : undefined;
    },
    async recordFailure(personId) {
      const count = await kv.incr(failures(personId), { ttlMs: RETENTION_MS });
      if (count < options.maxAttempts) return { locked: false, attemptsLeft: options.maxAttempts - count };
      const until = new Date(options.now().getTime() + lockMs);
      await kv.set(lock(personId), until.toISOString(), { ttlMs: lockMs + RETENTION_MS });
      await kv.delete(failures(personId));
      return { locked: true, until };
    },
    async recordSuccess(personId) {
      await kv.delete(failures(personId));
    },
  };
}
