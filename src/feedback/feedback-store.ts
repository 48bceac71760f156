/**
 * Counts the answers to "Cette réponse vous a-t-elle aidé ?" per entry, on the KeyValueStore (so
 * that REDIS_URL shares and keeps them), and as a Prometheus counter for dashboards.
 */
import { Counter, type Registry } from 'prom-client';
import { AppError } from '../shared/errors.js';
import type { KeyValueStore } from '../state/kv.js';
import type { FeedbackStore } from './types.js';

export interface FeedbackStoreOptions {
  kv: KeyValueStore;
  /** Where the counter assistant_feedback_total is registered (the app's metrics registry). */
  registry?: Registry;
  /** Refuses unknown entry ids, which would otherwise grow keys and metric labels without bound. */
  isKnownEntry?: (entryId: string) => boolean;
  /** Key prefix inside the store. */
  prefix?: string;
}

export const FEEDBACK_METRIC = 'assistant_feedback_total';
const ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function createFeedbackStore(options: FeedbackStoreOptions): FeedbackStore {
  const { kv } = options;
  const prefix = options.prefix ?? 'feedback:';
  const counter = options.registry ? feedbackCounter(options.registry) : undefined;

  return {
    async record(entryId: string, helpful: boolean) {
      if (!ENTRY_ID.test(entryId) || (options.isKnownEntry && !options.isKnownEntry(entryId))) {
        throw new AppError('feedback_unknown_entry', `feedback for an unknown knowledge entry "${entryId.slice(0, 64)}"`, { status: 400 });
      }
      const answer = helpful ? 'yes' : 'no';
      await kv.incr(`${prefix}${entryId}:${answer}`);
      counter?.inc({ entry: entryId, helpful: answer });
    },
    async counts() {
      const result: Record<string, { yes: number; no: number }> = {};
      const keys = await kv.keys(prefix);
      const values = await Promise.all(keys.map((k) => kv.get<number>(k)));
      keys.forEach((key, i) => {
        const match = /^(.+):(yes|no)$/.exec(key.slice(prefix.length));
        if (!match?.[1] || !match[2]) return;
        const counts = (result[match[1]] ??= { yes: 0, no: 0 });
        counts[match[2] as 'yes' | 'no'] = Number(values[i] ?? 0);
      });
      return result;
    },
  };
}

/** One counter per registry, even when several stores share it (tests, restarts of a component). */
function feedbackCounter(registry: Registry): Counter<'entry' | 'helpful'> {
  const existing = registry.getSingleMetric(FEEDBACK_METRIC);
  if (existing) return existing as Counter<'entry' | 'helpful'>;
  return new Counter({
    name: FEEDBACK_METRIC,
    help: 'Answers to "Cette réponse vous a-t-elle aidé ?", by knowledge entry and answer (yes or no)',
    labelNames: ['entry', 'helpful'],
    registers: [registry],
  });
}
