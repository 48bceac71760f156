import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config/index.js';
import { createBotFrameworkChannel, isBotFrameworkServiceUrl, isLoopbackUrl } from '../channels/botframework/index.js';
import { createDirectLine } from '../channels/directline/index.js';
import { createTurnRunner, type TurnMetrics } from '../channels/shared/index.js';
import { createOriginPolicy } from '../channels/shared/cors.js';
import { readSafetyRule } from '../channels/shared/safety-rule.js';
import { createRedeliveryGuard } from '../channels/shared/redelivery.js';
import { createWebChatPage } from '../channels/webchat/index.js';
import type { LiveDelivery } from '../handoff/live-exchange.js';
import type { LiveRelay } from '../handoff/types.js';
import type { Engine } from '../shared/conversation.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { createRateLimiter } from '../shared/rate-limiter.js';
import { fromRoot } from '../shared/paths.js';
import type { KeyValueStore } from '../state/kv.js';
import type { Mount } from './create-app.js';
import type { Metrics } from './metrics.js';

export interface ChannelDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  kv: KeyValueStore;
  engine: Engine;
  /** The live exchange with advisors: while one answers a conversation, the engine does not. */
  live?: LiveRelay;
}

export interface Channels {
  mounts: Mount[];
  /** WebSocket upgrades (Direct Line streams); false when the path is not one. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes open streams (shutdown): clients reconnect from their watermark. */
  closeStreams(): void;
  /** Puts an advisor's message into a conversation, on the channel it lives on. */
  deliver: LiveDelivery;
}

/** Every channel, ready to mount: Direct Line, the Bot Framework endpoint, the web chat page. */
export function createChannels(deps: ChannelDeps): Channels {
  const { config, clock, logger, kv } = deps;
  const turnMetrics: TurnMetrics = {
    record: (channel, outcome, seconds) => {
      deps.metrics.turns.inc({ channel, outcome });
      deps.metrics.turnDuration.observe({ channel }, seconds);
    },
  };
  const runner = createTurnRunner({ engine: deps.engine, logger, metrics: turnMetrics, ...(deps.live ? { live: deps.live } : {}) });
  const allowOrigin = createOriginPolicy({ allowed: config.webChat.allowedOrigins, publicUrl: config.publicUrl });
  const directLine = createDirectLine({
    store: kv,
    clock,
    logger,
    runner,
    secret: config.directLine.secret,
    tokenTtlSeconds: config.directLine.tokenTtlSeconds,
    allowOrigin,
    messagesPerMinute: config.directLine.messagesPerMinute,
    maxActivities: config.directLine.maxActivities,
    onLimited: (name) => deps.metrics.rateLimited.inc({ limit: name }),
  });
  const { appId, appPassword, appType, tenantId } = config.botFramework;
  const botFramework = createBotFrameworkChannel({
    runner,
    logger,
    appType,
    ...(appId ? { appId } : {}),
    ...(appPassword ? { appPassword } : {}),
    ...(tenantId ? { tenantId } : {}),
    references: kv,
    emulator: config.botFramework.emulator,
    // In production replies go to the Bot Framework service only, or with an Emulator explicitly
    // allowed, to this machine: a serviceUrl named in a body must not make the server post anywhere.
    ...(config.env === 'production' ? { allowServiceUrl: appId ? isBotFrameworkServiceUrl : isLoopbackUrl } : {}),
    deliveries: createRedeliveryGuard<never>({ kv, prefix: 'bf:seen:', ttlMs: 3_600_000 }),
  });
  const tokenLimit = {
    name: 'webchat_token',
    limiter: createRateLimiter({ limit: config.webChat.tokensPerMinute, windowMs: 60_000, clock }),
    onLimited: (name: string) => deps.metrics.rateLimited.inc({ limit: name }),
  };
  const webChat = createWebChatPage({
    issueToken: () => directLine.generateToken(),
    logger,
    publicDir: fromRoot('public'),
    tokenLimit,
    allowOrigin,
    safetyRule: readSafetyRule(),
  });
  return {
    mounts: [
      { path: '/v3/directline', router: directLine.router },
      { path: '/api/messages', router: botFramework.router },
      // Last: the page's static files answer at the root.
      { path: '/', router: webChat },
    ],
    handleUpgrade: (req, socket, head) => directLine.handleUpgrade(req, socket, head),
    closeStreams: () => directLine.closeStreams(),
    // Direct Line conversations (the web chat) live here; every other channel is Bot Framework's.
    deliver: (target, message) => (target.channel === 'directline' ? directLine.deliver(target.conversationId, message) : botFramework.deliver(target.conversationId, message)),
  };
}
