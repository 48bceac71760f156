/** The agent console: its page (/agent) and its API (/api/agent). */
import type { HandoffQueue } from '../../handoff/types.js';
import type { KnowledgeBaseService } from '../../knowledge/index.js';
import type { Logger } from '../../shared/logger.js';
import { createAgentApi } from './agent-api.js';
import { createAgentPage } from './agent-page.js';
import type { Router } from 'express';
import type { HttpRateLimit } from '../shared/rate-limit.js';

export { createAgentApi, type AgentApiOptions } from './agent-api.js';
export { createAgentPage, AGENT_PAGE_CSP } from './agent-page.js';
export { keyMatches, bearerToken, requireAgentKey } from './auth.js';

export interface AgentConsoleOptions {
  knowledge: KnowledgeBaseService;
  handoffs: HandoffQueue;
  logger: Logger;
  apiKey: string | undefined;
  /** Folder of the page (index.html, agent.js, agent.css). */
  publicDir: string;
  keyFailures?: HttpRateLimit;
}

/** Routers to mount: the page at /agent, the API at /api/agent. */
export function createAgentConsole(options: AgentConsoleOptions): Array<{ path: string; router: Router }> {
  return [
    { path: '/api/agent', router: createAgentApi(options) },
    { path: '/agent', router: createAgentPage({ publicDir: options.publicDir }) },
  ];
}
