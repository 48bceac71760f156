/**
 * The agent console's API, under /api/agent, for phone-support agents: search the knowledge base
 * as they type (CONTRACT.md: GET /api/agent/search?q=… → {results:[{id,title,score,answer,steps?,
 * sources?}]}), read whole entries and topics, and work the handoff requests (handoff-routes.ts).
 * Every route needs the agent key.
 */
import { Router } from 'express';
import type { AdvisorPresenceService } from '../../handoff/presence.js';
import type { LiveExchange } from '../../handoff/live-exchange.js';
import type { HandoffDesk } from '../../handoff/types.js';
import type { Clock } from '../../shared/clock.js';
import type { KnowledgeBaseService } from '../../knowledge/index.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { HttpRateLimit } from '../shared/rate-limit.js';
import { requireAgentKey } from './auth.js';
import { createHandoffRoutes } from './handoff-routes.js';
import { entryView, searchResultView } from './views.js';

export interface AgentApiOptions {
  knowledge: KnowledgeBaseService;
  handoffs: HandoffDesk;
  /** The live exchange with people (take, messages, close). */
  live: LiveExchange;
  /** Which advisors are online (the console's heartbeat). */
  presence: AdvisorPresenceService;
  clock: Clock;
  logger: Logger;
  /** AGENT_API_KEY; undefined refuses every request. */
  apiKey: string | undefined;
  /** Wrong keys allowed per client address (AGENT_KEY_MAX_FAILURES); no limit when absent. */
  keyFailures?: HttpRateLimit;
}

const MAX_QUERY_CHARS = 200;
const DEFAULT_LIMIT = 8;
const MAX_LIMIT = 20;

export interface AgentApi {
  router: Router;
  /** Ends the consoles' open event streams (shutdown). */
  closeStreams(): void;
}

export function createAgentApi(options: AgentApiOptions): AgentApi {
  const { knowledge, handoffs } = options;
  const log = options.logger.child({ component: 'agent-console' });
  const topicIds = new Set(knowledge.topics().map((t) => t.id));
  const router = Router();

  router.use(requireAgentKey(options.apiKey, log, options.keyFailures));
  router.use((_req, res, next) => {
    // Answers hold personal data (transcripts): never cached, never embedded elsewhere.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/search', (req, res) => {
    const q = stringParam(req.query.q).slice(0, MAX_QUERY_CHARS);
    const topic = stringParam(req.query.topic);
    // What was sent is not repeated: a message never echoes input.
    if (topic && !topicIds.has(topic)) throw badRequest('unknown topic: GET /api/agent/topics lists them');
    const limit = Math.min(Math.max(Number(stringParam(req.query.limit)) || DEFAULT_LIMIT, 1), MAX_LIMIT);
    const hits = knowledge.search(q, { limit, ...(topic ? { topic } : {}) });
    res.json({ results: hits.map((hit) => searchResultView(hit, knowledge)) });
  });

  router.get('/topics', (_req, res) => {
    const counts = new Map<string, number>();
    for (const e of knowledge.entries()) counts.set(e.topic, (counts.get(e.topic) ?? 0) + 1);
    res.json({ topics: knowledge.topics().map((t) => ({ id: t.id, label: t.label.fr, count: counts.get(t.id) ?? 0 })) });
  });

  router.get('/entries', (_req, res) => {
    res.json({ entries: knowledge.entries().map((e) => entryView(e, knowledge)) });
  });

  router.get('/entries/:id', (req, res) => {
    const entry = knowledge.entry(req.params.id);
    if (!entry) throw notFound('no such entry');
    res.json({ entry: entryView(entry, knowledge) });
  });

  const handoffRoutes = createHandoffRoutes({ handoffs, live: options.live, presence: options.presence, clock: options.clock, logger: log });
  router.use(handoffRoutes.router);

  return { router, closeStreams: () => handoffRoutes.closeStreams() };
}

function stringParam(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function badRequest(message: string): AppError {
  return new AppError('BadArgument', message, { status: 400 });
}

function notFound(message: string): AppError {
  return new AppError('NotFound', message, { status: 404 });
}
