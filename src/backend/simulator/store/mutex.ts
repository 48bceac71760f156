import type { KeyValueStore } from '../../../state/kv.js';

export interface MutexOptions {
  /** A lock left by a crashed holder disappears after this long. */
  ttlMs?: number;
  /** How long to wait for the lock before giving up. */
  waitMs?: number;
  retryMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`could not lock ${key}`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Runs `fn` while holding a lock on `key` (setIfAbsent with a TTL): read-modify-write of a record
 * stays correct when two conversations, or two instances on Redis, change the same person at once.
 */
export async function withLock<T>(kv: KeyValueStore, key: string, token: string, fn: () => Promise<T>, options: MutexOptions = {}): Promise<T> {
  const ttlMs = options.ttlMs ?? 5000;
  const waitMs = options.waitMs ?? 3000;
  const retryMs = options.retryMs ?? 10;
  const lockKey = `lock:${key}`;
  let waited = 0;
  while (!(await kv.setIfAbsent(lockKey, token, { ttlMs }))) {
    if (waited >= waitMs) throw new LockTimeoutError(key);
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    waited += retryMs;
  }
  try {
    return await fn();
  } finally {
    // Only the holder releases: a lock that expired and was taken by someone else stays theirs.
    if ((await kv.get<string>(lockKey)) === token) await kv.delete(lockKey);
  }
}
