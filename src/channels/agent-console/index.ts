/** The agent console: its page (/agent) and its API (/api/agent). */
import type { Router } from 'express';
import type { AdvisorPresenceService } from '../../handoff/presence.js';
import type { LiveExchange } from '../../handoff/live-exchange.js';
import type { HandoffDesk } from '../../handoff/types.js';
import type { KnowledgeBaseService } from '../../knowledge/index.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { HttpRateLimit } from '../shared/rate-limit.js';
import { createAgentApi } from './agent-api.js';
import { createAgentPage } from './agent-page.js';

export { createAgentApi, type AgentApi, type AgentApiOptions } from './agent-api.js';
export { createAgentPage, AGENT_PAGE_CSP } from './agent-page.js';
export { keyMatches, bearerToken, requireAgentKey } from './auth.js';
export { createHandoffRoutes, type HandoffRoutes, type HandoffRoutesOptions } from './handoff-routes.js';

export interface AgentConsoleOptions {
  knowledge: KnowledgeBaseService;
  handoffs: HandoffDesk;
  live: LiveExchange;
  presence: AdvisorPresenceService;
  clock: Clock;
  logger: Logger;
  apiKey: string | undefined;
  /** Folder of the page (index.html, agent.js, agent.css). */
  publicDir: string;
  keyFailures?: HttpRateLimit;
}

export interface AgentConsole {
  /** Routers to mount: the page at /agent, the API at /api/agent. */
  mounts: Array<{ path: string; router: Router }>;
  /** Ends the consoles' event streams (shutdown). */
  closeStreams(): void;
}

export function createAgentConsole(options: AgentConsoleOptions): AgentConsole {
  const api = createAgentApi(options);
  return {
    mounts: [
      { path: '/api/agent', router: api.router },
      { path: '/agent', router: createAgentPage({ publicDir: options.publicDir }) },
    ],
    closeStreams: () => api.closeStreams(),
  };
}
