import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The assistant's Prometheus metrics, one registry per process (or per test app). */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  turns: Counter<'channel' | 'outcome'>;
  turnDuration: Histogram<'channel'>;
  rateLimited: Counter<'limit'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    turns: new Counter({
      name: 'assistant_turns_total',
      help: 'Conversation turns handled, by channel and outcome (ok or error)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    turnDuration: new Histogram({
      name: 'assistant_turn_duration_seconds',
      help: 'Time to handle one turn (NLU, dialog, state, backend)',
      labelNames: ['channel'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'http_rate_limited_total',
      help: 'Requests refused with 429 by a per-address limit (webchat_token, agent_key)',
      labelNames: ['limit'],
      registers: [registry],
    }),
  };
}
