import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { KeyValueStore, SetOptions } from './kv.js';

interface Slot {
  value: unknown;
  expiresAt?: number;
}

/**
 * In-memory store. Expiry follows the injected clock, so tests (and the simulator's movable clock)
 * see keys expire without waiting. Values are deep-copied in and out, as with a real store.
 */
export function createMemoryKeyValueStore(options: { clock?: Clock } = {}): KeyValueStore & { size(): number; clear(): void } {
  const clock = options.clock ?? systemClock;
  const slots = new Map<string, Slot>();
  let ops = 0;

  const now = () => clock.now().getTime();
  const live = (key: string): Slot | undefined => {
    const slot = slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt !== undefined && slot.expiresAt <= now()) {
      slots.delete(key);
      return undefined;
    }
    return slot;
  };
  const expiry = (opts?: SetOptions) => (opts?.ttlMs !== undefined ? now() + opts.ttlMs : undefined);
  const copy = <T>(v: T): T => (v === undefined ? v : Buffer.isBuffer(v) ? (Buffer.from(v) as T) : (JSON.parse(JSON.stringify(v)) as T));
  // Sweep expired keys now and then so that a long-running process does not grow without bound.
  const sweep = () => {
    if (++ops % 1000 !== 0) return;
    const t = now();
    for (const [k, s] of slots) if (s.expiresAt !== undefined && s.expiresAt <= t) slots.delete(k);
  };
  const setSlot = (key: string, value: unknown, opts?: SetOptions) => {
    const expiresAt = expiry(opts);
    slots.set(key, expiresAt === undefined ? { value } : { value, expiresAt });
  };

  return {
    get<T>(key: string) {
      sweep();
      return Promise.resolve(copy(live(key)?.value as T | undefined));
    },
    set<T>(key: string, value: T, opts?: SetOptions) {
      sweep();
      setSlot(key, copy(value), opts);
      return Promise.resolve();
    },
    setIfAbsent<T>(key: string, value: T, opts?: SetOptions) {
      if (live(key)) return Promise.resolve(false);
      setSlot(key, copy(value), opts);
      return Promise.resolve(true);
    },
    delete(key: string) {
      slots.delete(key);
      return Promise.resolve();
    },
    incr(key: string, opts?: SetOptions & { by?: number }) {
      const slot = live(key);
      const next = (typeof slot?.value === 'number' ? slot.value : 0) + (opts?.by ?? 1);
      if (slot) slot.value = next;
      else setSlot(key, next, opts);
      return Promise.resolve(next);
    },
    append<T>(key: string, value: T, opts?: SetOptions) {
      const slot = live(key);
      const list = Array.isArray(slot?.value) ? (slot.value as unknown[]) : [];
      list.push(copy(value));
      setSlot(key, list, opts?.ttlMs !== undefined ? opts : slot?.expiresAt !== undefined ? { ttlMs: slot.expiresAt - now() } : undefined);
      return Promise.resolve(list.length);
    },
    setAt<T>(key: string, index: number, value: T) {
      const list = live(key)?.value;
      if (!Array.isArray(list) || index < 0 || index >= list.length) return Promise.resolve(false);
      list[index] = copy(value);
      return Promise.resolve(true);
    },
    range<T>(key: string, start = 0, end = -1) {
      const list = (live(key)?.value as T[] | undefined) ?? [];
      const from = start < 0 ? Math.max(list.length + start, 0) : start;
      const to = end < 0 ? list.length + end : Math.min(end, list.length - 1);
      return Promise.resolve(copy(list.slice(from, to + 1)));
    },
    length(key: string) {
      const v = live(key)?.value;
      return Promise.resolve(Array.isArray(v) ? v.length : 0);
    },
    keys(prefix: string) {
      return Promise.resolve([...slots.keys()].filter((k) => k.startsWith(prefix) && live(k)));
    },
    ttl(key: string) {
      const slot = live(key);
      return Promise.resolve(slot?.expiresAt === undefined ? undefined : slot.expiresAt - now());
    },
    expire(key: string, ttlMs: number) {
      const slot = live(key);
      if (slot) slot.expiresAt = now() + ttlMs;
      return Promise.resolve(slot !== undefined);
    },
    getBlob(key: string) {
      const value = live(key)?.value;
      return Promise.resolve(Buffer.isBuffer(value) ? Buffer.from(value) : undefined);
    },
    setBlob(key: string, value: Buffer, opts?: SetOptions) {
      sweep();
      setSlot(key, Buffer.from(value), opts);
      return Promise.resolve();
    },
    setBlobIfAbsent(key: string, value: Buffer, opts?: SetOptions) {
      if (live(key)) return Promise.resolve(false);
      setSlot(key, Buffer.from(value), opts);
      return Promise.resolve(true);
    },
    size: () => slots.size,
    clear: () => slots.clear(),
  };
}
