import type { KeyValueStore } from '../../../state/kv.js';
import { IDEMPOTENCY_TTL_MS } from '../rules.js';
import { digest } from './secrets.js';

type Entry<R> = { state: 'pending'; fingerprint: string } | { state: 'done'; fingerprint: string; result: R };

export type IdempotencyOutcome<R> = { kind: 'result'; result: R; replayed: boolean } | { kind: 'conflict' } | { kind: 'in_progress' };

export interface IdempotencyOptions {
  ttlMs?: number;
  /** How long a duplicate waits for the first request to finish before answering "in progress". */
  waitMs?: number;
  pollMs?: number;
}

/**
 * "Same Idempotency-Key → same effect once": the first request claims the key, runs and stores its
 * result; a repeat gets the stored result (one e-mail, not two), a repeat arriving while the first
 * still runs waits for it, and the same key on a different request is a conflict.
 */
export function createIdempotency(kv: KeyValueStore, options: IdempotencyOptions = {}) {
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const waitMs = options.waitMs ?? 5000;
  const pollMs = options.pollMs ?? 20;

  return async function once<R>(scope: string, key: string, request: unknown, run: () => Promise<R>): Promise<IdempotencyOutcome<R>> {
    const slot = `idempotency:${scope}:${digest(key)}`;
    // The request is kept as a digest: it may hold a password.
    const fingerprint = digest(JSON.stringify(request));
    if (await kv.setIfAbsent<Entry<R>>(slot, { state: 'pending', fingerprint }, { ttlMs })) {
      try {
        const result = await run();
        await kv.set<Entry<R>>(slot, { state: 'done', fingerprint, result }, { ttlMs });
        return { kind: 'result', result, replayed: false };
      } catch (error) {
        // Nothing was answered: let a retry with the same key try again.
        await kv.delete(slot);
        throw error;
      }
    }
    for (let waited = 0; ; waited += pollMs) {
      const entry = await kv.get<Entry<R>>(slot);
      if (entry && entry.fingerprint !== fingerprint) return { kind: 'conflict' };
      if (entry?.state === 'done') return { kind: 'result', result: entry.result, replayed: true };
      if (!entry) return once(scope, key, request, run);
      if (waited >= waitMs) return { kind: 'in_progress' };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
