/**
 * Every HTTP surface of the assistant, mounted in one place and in order: the embedded simulator
 * (/sim), the agent console (/agent, /api/agent), the NLU (/api/nlu), Direct Line
 * (/v3/directline), the Bot Framework endpoint (/api/messages), and last the web chat page (its
 * static files answer at the root). Every limit is counted in the shared store when there is one
 * (Redis), so that N instances allow what one would.
 */
import express, { type Express, type Router } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createAgentConsole } from '../channels/agent-console/index.js';
import { createLazyBotFrameworkChannel, isBotFrameworkServiceUrl, isLoopbackUrl } from '../channels/botframework/index.js';
import { createDirectLine } from '../channels/directline/index.js';
import { createTurnRunner, type HttpRateLimit, type TurnMetrics } from '../channels/shared/index.js';
import { createOriginPolicy } from '../channels/shared/cors.js';
import { createRedeliveryGuard } from '../channels/shared/redelivery.js';
import { readSafetyRule } from '../channels/shared/safety-rule.js';
import { createWebChatPage } from '../channels/webchat/index.js';
import type { LiveDelivery } from '../handoff/live-exchange.js';
import { createNluRouter } from '../channels/nlu-api/index.js';
import { fromRoot } from '../shared/paths.js';
import { createMemoryRateLimiter, type RateLimiter } from '../shared/rate-limiter.js';
import { createStoreRateLimiter } from '../state/store-rate-limiter.js';
import type { Mount } from './create-app.js';
import { requireOpsKey } from './ops-access.js';
import type { AssistantServices } from './services.js';

export interface Channels {
  mounts: Mount[];
  /** WebSocket upgrades (Direct Line streams); false when the path is not one. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes open streams (shutdown): clients reconnect from their watermark. */
  closeStreams(): void;
  /** Puts an advisor's message into a conversation, on the channel it lives on. */
  deliver: LiveDelivery;
  /** The server listens: loads in the background what a configured channel will soon need. */
  afterListening(): void;
}

export function createChannels(services: AssistantServices, options: { simulatorRouter?: Router | Express | undefined }): Channels {
  const { config, clock, logger, metrics, stores, engine, live } = services;
  const onLimited = (name: string) => metrics.rateLimited.inc({ limit: name });
  /** A limit per key and window, in Redis when the state is (shared by every instance). */
  const limiter = (name: string, limit: number, windowMs: number): RateLimiter =>
    stores.kind === 'memory' ? createMemoryRateLimiter({ limit, windowMs, clock }) : createStoreRateLimiter({ kv: stores.kv, name, limit, windowMs, clock });
  const httpLimit = (name: string, limit: number, windowMs: number): HttpRateLimit => ({ name, limiter: limiter(name, limit, windowMs), onLimited });

  const turnMetrics: TurnMetrics = {
    record: (channel, outcome, seconds) => {
      metrics.turns.inc({ channel, outcome });
      metrics.turnDuration.observe({ channel }, seconds);
    },
  };
  const runner = createTurnRunner({ engine, logger, metrics: turnMetrics, live });
  const allowOrigin = createOriginPolicy({ allowed: config.webChat.allowedOrigins, publicUrl: config.publicUrl });

  const agentConsole = createAgentConsole({
    knowledge: services.knowledge,
    handoffs: services.handoffs,
    live,
    presence: services.presence,
    clock,
    logger,
    apiKey: config.agent.apiKey,
    publicDir: fromRoot('public', 'agent'),
    keyFailures: httpLimit('agent_key', config.agent.maxKeyFailures, 15 * 60_000),
  });
  const directLine = createDirectLine({
    store: stores.kv,
    locks: stores.locks,
    clock,
    logger,
    runner,
    secret: config.directLine.secret,
    tokenTtlSeconds: config.directLine.tokenTtlSeconds,
    allowOrigin,
    messagesPerMinute: config.directLine.messagesPerMinute,
    messageLimiter: limiter('directline_messages', config.directLine.messagesPerMinute, 60_000),
    maxActivities: config.directLine.maxActivities,
    replayWindow: config.directLine.replayWindow,
    onLimited,
  });
  const { appId, appPassword, appType, tenantId } = config.botFramework;
  // botbuilder loads on the first request to /api/messages, or just after listening when an app id
  // is configured (Teams, Azure Bot Service): see afterListening below.
  const botFramework = createLazyBotFrameworkChannel({
    runner,
    logger,
    appType,
    ...(appId ? { appId } : {}),
    ...(appPassword ? { appPassword } : {}),
    ...(tenantId ? { tenantId } : {}),
    references: stores.kv,
    emulator: config.botFramework.emulator,
    // In production replies go to the Bot Framework service only, or with an Emulator explicitly
    // allowed, to this machine: a serviceUrl named in a body must not make the server post anywhere.
    ...(config.env === 'production' ? { allowServiceUrl: appId ? isBotFrameworkServiceUrl : isLoopbackUrl } : {}),
    deliveries: createRedeliveryGuard<never>({ kv: stores.kv, prefix: 'bf:seen:', ttlMs: 3_600_000 }),
  });
  const webChat = createWebChatPage({
    issueToken: () => directLine.generateToken(),
    logger,
    publicDir: fromRoot('public'),
    tokenLimit: httpLimit('webchat_token', config.webChat.tokensPerMinute, 60_000),
    allowOrigin,
    safetyRule: readSafetyRule(),
  });

  // Public: the web chat, Direct Line (secret or token), /api/messages (JWT, or the Emulator where
  // allowed), /healthz, the agent page (its data needs the agent key). Operations need a key in production.
  const nluRouter = express.Router();
  if (config.env === 'production') nluRouter.use(requireOpsKey([config.opsApiKey, config.agent.apiKey], logger));
  nluRouter.use(createNluRouter(services.nlu));

  return {
    mounts: [
      ...(options.simulatorRouter ? [{ path: '/sim', router: options.simulatorRouter }] : []),
      ...agentConsole.mounts,
      { path: '/api/nlu', router: nluRouter },
      { path: '/v3/directline', router: directLine.router },
      { path: '/api/messages', router: botFramework.router },
      // Last: the page's static files answer at the root.
      { path: '/', router: webChat },
    ],
    handleUpgrade: (req, socket, head) => directLine.handleUpgrade(req, socket, head),
    closeStreams: () => {
      directLine.closeStreams();
      agentConsole.closeStreams();
    },
    // Direct Line conversations (the web chat) live here; every other channel is Bot Framework's.
    deliver: (target, message) => (target.channel === 'directline' ? directLine.deliver(target.conversationId, message) : botFramework.deliver(target.conversationId, message)),
    afterListening: () => {
      if (!appId) return;
      botFramework.load().catch((error: unknown) => logger.error({ event: 'botframework.load_failed', err: error }, 'the Bot Framework channel could not be loaded'));
    },
  };
}
