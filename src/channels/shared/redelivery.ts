/**
 * Clients retry after a timeout: the same activity (same `id`, or Web Chat's
 * `channelData.clientActivityID`) may arrive twice, even while the first is still being handled,
 * possibly on another instance. Each delivery is claimed once in the shared store (set-if-absent),
 * so it is processed once; a retry gets the first one's answer.
 *
 * A claim moves from "pending" to "answered" (the engine has answered: its replies are kept with
 * the claim, so that a failure while storing them never makes the engine run the message twice)
 * to "done". A claim left pending by a crashed process expires after `pendingTtlMs`.
 */
import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../../state/kv.js';

export type Delivery<T> = { status: 'pending' } | { status: 'answered'; id: string; replies: T[] } | { status: 'done'; id: string };

export interface RedeliveryGuard<T> {
  /** Claims a delivery: undefined when it is new (the caller processes it), else what is known of it. */
  claim(key: string): Promise<Delivery<T> | undefined>;
  record(key: string, delivery: Exclude<Delivery<T>, { status: 'pending' }>): Promise<void>;
  /** Gives a claim up (the processing failed before the engine answered): a retry may try again. */
  release(key: string): Promise<void>;
  /** Waits for another handler of the same delivery to finish; undefined when it did not in time. */
  settled(key: string): Promise<Exclude<Delivery<T>, { status: 'pending' }> | undefined>;
}

export interface RedeliveryOptions {
  kv: KeyValueStore;
  prefix: string;
  /** How long a delivery is remembered once handled. */
  ttlMs: number;
  pendingTtlMs?: number;
  /** How long a retry waits for a delivery still pending elsewhere, and how often it looks. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createRedeliveryGuard<T>(options: RedeliveryOptions): RedeliveryGuard<T> {
  const { kv, ttlMs } = options;
  const pendingTtlMs = options.pendingTtlMs ?? 60_000;
  const waitMs = options.waitMs ?? 5000;
  const pollMs = options.pollMs ?? 100;
  const sleep = options.sleep ?? realSleep;
  // Client ids are free text: hashed, they make short keys of a fixed shape.
  const keyOf = (key: string) => `${options.prefix}${createHash('sha256').update(key).digest('base64url')}`;

  return {
    async claim(key) {
      if (await kv.setIfAbsent<Delivery<T>>(keyOf(key), { status: 'pending' }, { ttlMs: pendingTtlMs })) return undefined;
      return (await kv.get<Delivery<T>>(keyOf(key))) ?? { status: 'pending' };
    },
    record: (key, delivery) => kv.set(keyOf(key), delivery, { ttlMs }),
    release: (key) => kv.delete(keyOf(key)),
    async settled(key) {
      for (let waited = 0; waited <= waitMs; waited += pollMs) {
        const delivery = await kv.get<Delivery<T>>(keyOf(key));
        if (delivery && delivery.status !== 'pending') return delivery;
        if (!delivery) return undefined;
        await sleep(pollMs);
      }
      return undefined;
    },
  };
}
