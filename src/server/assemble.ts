/**
 * The composition root: the one place that reads the configuration and creates concrete objects
 * (clock, logger, stores, backend, NLU, knowledge, engine, channels), then wires them into the app.
 * main.ts calls it to serve; integration tests call it to get the same assistant in-process.
 */
import express, { type Express } from 'express';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createHttpBackendClient } from '../backend/client/index.js';
import type { BackendClient } from '../backend/client/types.js';
import { createSimulator, type Simulator } from '../backend/simulator/index.js';
import { createAgentConsole } from '../channels/agent-console/index.js';
import type { Config } from '../config/index.js';
import { createDialogEngine, type Engine } from '../engine/index.js';
import {
  createAdvisorPresence,
  createHandoffQueue,
  createLiveExchange,
  createOpeningHours,
  createTopicDescriber,
  readProcedureTopics,
  type AdvisorPresenceService,
  type HandoffDesk,
  type LiveDelivery,
  type LiveExchange,
} from '../handoff/index.js';
import { createFeedbackStore, createKnowledgeBase, type FeedbackStore, type KnowledgeBaseService } from '../knowledge/index.js';
import { createNluRouter, loadNlu, type AssistantNlu } from '../nlu/index.js';
import type { Clock, OffsetClock } from '../shared/clock.js';
import { createOffsetClock, systemClock } from '../shared/clock.js';
import { cryptoIds, type IdSource } from '../shared/ids.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { createRateLimiter } from '../shared/rate-limiter.js';
import { fromRoot } from '../shared/paths.js';
import type { KeyValueStore } from '../state/kv.js';
import { createMemoryKeyValueStore } from '../state/memory-kv.js';
import { openRedis, type RedisClient } from '../state/redis.js';
import { createRedisKeyValueStore } from '../state/redis-kv.js';
import { createMemoryStorage, createRedisStorage } from '../state/storage.js';
import { createChannels } from './channels.js';
import { createApp, type Mount } from './create-app.js';
import { startEmbeddedSimulator } from './embedded-simulator.js';
import { requireOpsKey } from './ops-access.js';
import type { HealthCheck } from './health.js';
import { createInFlight, type InFlight } from './in-flight.js';
import { createMetrics, type Metrics } from './metrics.js';

/** Conversation state outlives the idle time (it then starts over) by a day, then disappears. */
const STATE_TTL_MS = 24 * 3_600_000;
/**
 * How long start-up waits for Redis before listening anyway: a reachable Redis answers in
 * milliseconds; an unreachable one must not keep the server from listening (it starts unhealthy,
 * /healthz 503, and recovers when Redis comes back).
 */
const REDIS_STARTUP_WAIT_MS = 1000;

export interface AssembleOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Key prefix in Redis (tests use a unique one). */
  redisPrefix?: string;
  /** The embedded simulator's time (default: the clock above, movable by POST /sim/clock). */
  simulatorClock?: OffsetClock;
  /** Another engine (tests use a scripted one; the terminal and the server use the default). */
  engine?: Engine;
  ids?: IdSource;
}

export interface Assistant {
  app: Express;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  inFlight: InFlight;
  engine: Engine;
  /** The NLU (intents, entities, validators) the engine reads messages with. */
  nlu: AssistantNlu;
  kv: KeyValueStore;
  /** Answers, facts and search (knowledge/), for the engine and the agent console. */
  knowledge: KnowledgeBaseService;
  /** Answers to "Cette réponse vous a-t-elle aidé ?". */
  feedback: FeedbackStore;
  /** Requests for a human advisor, worked in the agent console. */
  handoffs: HandoffDesk;
  /** Which advisors are online in the console, within ADVISOR_HOURS (the engine asks it). */
  presence: AdvisorPresenceService;
  /** The live exchange between a person and an advisor. */
  live: LiveExchange;
  /** The Assurance Maladie's backend as the dialogs reach it: over HTTP, at BACKEND_URL or the embedded /sim. */
  backend: BackendClient;
  /** The embedded simulator, when it is mounted (SIMULATOR on). */
  simulator?: Simulator;
  /** Gives the HTTP server's WebSocket upgrades to the channels (Direct Line streams). */
  attach(server: Server): void;
  /** Called once the HTTP server listens, with the port it got (the embedded simulator needs it). */
  onListening(port: number): void;
  /** Marks the assistant as shutting down (healthz 503). */
  beginShutdown(): void;
  /** Releases connections (Redis…). */
  close(): Promise<void>;
}

export async function assemble(config: Config, overrides: AssembleOverrides = {}): Promise<Assistant> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const inFlight = createInFlight();
  const health: HealthCheck[] = [];
  const closers: Array<() => Promise<void>> = [];
  let shuttingDown = false;

  let redis: RedisClient | undefined;
  let kv: KeyValueStore;
  if (config.redisUrl) {
    const connection = openRedis(config.redisUrl, logger.child({ module: 'redis' }), { commandTimeoutMs: config.redisCommandTimeoutMs });
    const client = connection.client;
    redis = client;
    kv = createRedisKeyValueStore(client, { prefix: overrides.redisPrefix ?? 'ameli:', commandTimeoutMs: config.redisCommandTimeoutMs });
    health.push({ name: 'redis', check: async () => client.isReady && (await client.ping()) === 'PONG' });
    closers.push(() => connection.close());
    await Promise.race([connection.ready, new Promise((resolve) => setTimeout(resolve, REDIS_STARTUP_WAIT_MS).unref())]);
    if (!client.isReady) logger.error({ event: 'redis.unavailable_at_start' }, 'Redis does not answer: listening anyway, unhealthy until it does');
  } else {
    kv = createMemoryKeyValueStore({ clock });
  }

  // Restored from .cache/nlu (written by `npm run build`) in a fraction of a second, or trained
  // (a few seconds) and cached.
  const { nlu } = loadNlu({ clock, logger: logger.child({ module: 'nlu' }) });

  // Content is checked at load: a broken knowledge folder stops the start with the list of problems.
  // Retrieval reads words as the NLU does ("mdp", "MES", "cv", typos), through a function given here.
  const knowledge = createKnowledgeBase({ terms: (text, language) => nlu.terms(text, language) });
  knowledge.warmUp();
  const feedback = createFeedbackStore({ kv, registry: metrics.registry, isKnownEntry: (id) => knowledge.entry(id) !== undefined });
  // A request is named in words for the advisor: the knowledge entry of its topic, else the procedure's title.
  const describeTopic = createTopicDescriber({ procedures: readProcedureTopics(fromRoot('dialogs')), entryTitle: (intent) => knowledge.entryForIntent(intent)?.title });
  const handoffs = createHandoffQueue({ kv, clock, ids: overrides.ids ?? cryptoIds, describeTopic });
  const presence = createAdvisorPresence({ kv, hours: createOpeningHours(config.advisors.hours) });
  // The channels deliver the advisors' messages; they exist further down, hence the late binding.
  let deliverToChannel: LiveDelivery = () => Promise.reject(new Error('the channels are not ready'));
  const live = createLiveExchange({ desk: handoffs, logger, deliver: (target, message) => deliverToChannel(target, message) });

  // Mounted in this order, before the channels: the Web Chat page's static files answer at the root.
  const keyFailures = {
    name: 'agent_key',
    limiter: createRateLimiter({ limit: config.agent.maxKeyFailures, windowMs: 15 * 60_000, clock }),
    onLimited: (name: string) => metrics.rateLimited.inc({ limit: name }),
  };
  const agentConsole = createAgentConsole({ knowledge, handoffs, live, presence, clock, logger, apiKey: config.agent.apiKey, publicDir: fromRoot('public', 'agent'), keyFailures });
  const mounts: Mount[] = [...agentConsole.mounts];

  // The port is known once the server listens (PORT=0 in tests): links and the embedded backend
  // address follow it. Without a server (the terminal chat, engine tests), the simulator gets a
  // loopback port of its own on first use, so that the assistant still reaches it over HTTP.
  let listeningPort: number | undefined;
  let ownPort: Promise<number> | undefined;
  let ownPortNow: number | undefined;
  const publicUrl = () => {
    if (listeningPort === undefined && ownPortNow !== undefined) return `http://localhost:${ownPortNow}`;
    return listeningPort !== undefined && /:0$/.test(config.publicUrl) ? config.publicUrl.replace(/:0$/, `:${listeningPort}`) : config.publicUrl;
  };

  let simulator: (() => Simulator | undefined) | undefined;
  if (config.simulator.enabled) {
    // Its own key prefix in the assistant's store: REDIS_URL moves its state with everything else.
    const simulatorClock = overrides.simulatorClock ?? createOffsetClock(clock);
    const embedded = await startEmbeddedSimulator({
      logger,
      create: () =>
        createSimulator({
          kv,
          keyPrefix: 'sim:',
          clock: simulatorClock,
          logger: logger.child({ module: 'simulator' }),
          publicUrl: () => `${publicUrl()}/sim`,
          accessCodeMaxAttempts: config.simulator.accessCodeMaxAttempts,
          accessCodeLockMinutes: config.simulator.accessCodeLockMinutes,
        }),
    });
    simulator = () => embedded.current();
    health.push({ name: 'simulator', check: () => Promise.resolve(embedded.current() !== undefined) });
    closers.push(() => Promise.resolve(embedded.stop()));
    // Before the channels: the Web Chat page's static files answer at the root.
    mounts.unshift({ path: '/sim', router: embedded.router });
  }
  // Embedded, the assistant still talks HTTP to /sim on its own port, exactly as to a real backend.
  const embeddedUrl = async (): Promise<string | undefined> => {
    if (listeningPort !== undefined) return `http://${loopbackHost(config.host)}:${listeningPort}/sim`;
    const app = simulator?.()?.app;
    if (!app) return undefined;
    ownPort ??= listenOnLoopback(app, closers).then((port) => (ownPortNow = port));
    return `http://127.0.0.1:${await ownPort}/sim`;
  };
  const backend = createHttpBackendClient({
    baseUrl: config.backend.url ?? embeddedUrl,
    timeoutMs: config.backend.timeoutMs,
    logger: logger.child({ module: 'backend' }),
  });

  // The dialog engine: conversation and user state in the same place as everything else (Redis
  // when REDIS_URL is set), kept a little longer than the idle time after which it starts over.
  const storage = redis
    ? createRedisStorage(redis, { prefix: `${overrides.redisPrefix ?? 'ameli:'}state:`, ttlMs: STATE_TTL_MS, commandTimeoutMs: config.redisCommandTimeoutMs })
    : createMemoryStorage({ clock, ttlMs: STATE_TTL_MS });
  const engine =
    overrides.engine ??
    createDialogEngine({
      nlu,
      validators: nlu.validators,
      intents: nlu.intents,
      knowledge,
      feedback,
      backend,
      handoffs,
      presence,
      storage,
      clock,
      logger: logger.child({ module: 'engine' }),
      ids: overrides.ids ?? cryptoIds,
      idleMinutes: config.conversation.idleMinutes,
      // Instances sharing the state store share the Direct Line secret: codes given early are sealed with it.
      sealSecret: config.directLine.secret,
    });
  const channels = createChannels({ config, clock, logger, metrics, kv, engine, live });
  deliverToChannel = channels.deliver;
  // Public: the web chat, Direct Line (secret or token), /api/messages (JWT, or the Emulator where
  // allowed), /healthz, the agent page (its data needs the agent key). Operations need a key in production.
  const opsAccess = config.env === 'production' ? requireOpsKey([config.opsApiKey, config.agent.apiKey], logger) : undefined;
  const nluRouter = express.Router();
  if (opsAccess) nluRouter.use(opsAccess);
  nluRouter.use(createNluRouter(nlu));
  mounts.push({ path: '/api/nlu', router: nluRouter }, ...channels.mounts);

  const app = createApp({
    logger,
    metrics,
    inFlight,
    health,
    mounts,
    isShuttingDown: () => shuttingDown,
    trustProxy: config.trustProxy,
    ...(opsAccess ? { metricsAccess: opsAccess } : {}),
  });
  return {
    app,
    config,
    logger,
    metrics,
    inFlight,
    engine,
    nlu,
    kv,
    knowledge,
    feedback,
    handoffs,
    presence,
    live,
    backend,
    get simulator() {
      return simulator?.();
    },
    onListening: (port: number) => {
      listeningPort = port;
    },
    attach: (server) => {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (shuttingDown || !channels.handleUpgrade(req, socket, head)) socket.destroy();
      });
    },
    beginShutdown: () => {
      shuttingDown = true;
      channels.closeStreams();
      agentConsole.closeStreams();
    },
    close: async () => {
      channels.closeStreams();
      agentConsole.closeStreams();
      for (const close of closers.reverse()) await close();
    },
  };
}

/** Where the assistant reaches itself: loopback when it listens on every interface. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Serves the simulator alone on a free loopback port, closed with the assistant. */
async function listenOnLoopback(app: Express, closers: Array<() => Promise<void>>): Promise<number> {
  const root = express();
  root.use('/sim', app);
  const server = root.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}
