/**
 * The assistant's services, without HTTP: the stores the configuration picks, the NLU, the
 * knowledge base, feedback, advisors (handoffs, presence, the live exchange), the backend (embedded
 * simulator or BACKEND_URL) and the dialog engine. The server mounts channels on them
 * (compose.ts); the terminal chat and the tests use them as they are, asking for what they need.
 */
import type { Express, Router } from 'express';
import type { BackendClient } from '../backend/client/types.js';
import type { Simulator } from '../backend/simulator/index.js';
import type { Config } from '../config/index.js';
import { createDialogEngine } from '../engine/index.js';
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
import { createFeedbackStore, type FeedbackStore } from '../feedback/index.js';
import { createKnowledgeBase, type KnowledgeBaseService } from '../knowledge/index.js';
import { loadNlu, type AssistantNlu } from '../nlu/index.js';
import type { Clock, OffsetClock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { Engine } from '../shared/conversation.js';
import { cryptoIds, type IdSource } from '../shared/ids.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { fromRoot } from '../shared/paths.js';
import { DEFAULT_PREFIXES, openStores, type KeyPrefixes, type Stores } from '../state/open-store.js';
import { createBackend } from './embedded-backend.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import { createMetrics, type Metrics } from './metrics.js';

/** Conversation state outlives the idle time (it then starts over) by a day, then disappears. */
const STATE_TTL_MS = 24 * 3_600_000;
/**
 * How long start-up waits for Redis before going on: a reachable Redis answers in milliseconds;
 * an unreachable one must not keep the server from listening (it starts unhealthy, /healthz 503,
 * and recovers when Redis comes back).
 */
const REDIS_STARTUP_WAIT_MS = 1000;

export interface AssembleOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Key prefix in Redis (tests use a unique one): the assistant's keys, the simulator's under `<prefix>sim:`. */
  redisPrefix?: string;
  /** The embedded simulator's time (default: the clock above, movable by POST /sim/clock). */
  simulatorClock?: OffsetClock;
  /** Another engine (tests use a scripted one), or how to build it from the services. */
  engine?: Engine | ((services: Omit<AssistantServices, 'engine'>) => Engine);
  ids?: IdSource;
}

export interface AssistantServices {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** The key-value stores, the engine's storage and the conversation locks (memory, Redis or cluster). */
  stores: Stores;
  /** The NLU (intents, entities, validators) the engine reads messages with. */
  nlu: AssistantNlu;
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
  /** The embedded simulator, once started (SIMULATOR on). */
  simulator(): Simulator | undefined;
  engine: Engine;
}

export interface ServicesAndLife {
  services: AssistantServices;
  lifecycle: Lifecycle;
  /** Where to mount the embedded simulator (`/sim`), when there is one. */
  simulatorRouter?: Router | Express;
  /** The channels deliver the advisors' messages: they are created after the services. */
  deliverWith(deliver: LiveDelivery): void;
  /** The HTTP server listens on `port` (the embedded backend's address follows it). */
  onListening(port: number): void;
}

export async function createServices(config: Config, overrides: AssembleOverrides = {}): Promise<ServicesAndLife> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const lifecycle = createLifecycle();
  const ids = overrides.ids ?? cryptoIds;

  const prefixes: KeyPrefixes = overrides.redisPrefix ? { assistant: overrides.redisPrefix, simulator: `${overrides.redisPrefix}sim:` } : DEFAULT_PREFIXES;
  const stores = await openStores({
    redisUrl: config.redisUrl,
    clusterNodes: config.redisClusterNodes,
    prefixes,
    logger,
    clock,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    lockMs: config.conversationLockMs,
  });
  lifecycle.onClose(() => stores.close());
  if (stores.kind !== 'memory') {
    lifecycle.dependsOn({ name: 'redis', check: () => stores.healthy() });
    const answered = await Promise.race([stores.ready.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), REDIS_STARTUP_WAIT_MS).unref())]);
    if (!answered) logger.error({ event: 'redis.unavailable_at_start' }, 'Redis does not answer: listening anyway, unhealthy until it does');
  }
  const { kv } = stores;

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
  const handoffs = createHandoffQueue({ kv, clock, ids, describeTopic });
  const presence = createAdvisorPresence({ kv, hours: createOpeningHours(config.advisors.hours) });
  let deliverToChannel: LiveDelivery = () => Promise.reject(new Error('no channel delivers advisors’ messages in this process'));
  const live = createLiveExchange({ desk: handoffs, logger, deliver: (target, message) => deliverToChannel(target, message) });

  const backend = await createBackend({ config, clock, logger, kv: stores.simulatorKv, lifecycle, ...(overrides.simulatorClock ? { simulatorClock: overrides.simulatorClock } : {}) });

  const partial: Omit<AssistantServices, 'engine'> = { config, clock, logger, metrics, stores, nlu, knowledge, feedback, handoffs, presence, live, backend: backend.client, simulator: () => backend.simulator() };
  const engine =
    typeof overrides.engine === 'function'
      ? overrides.engine(partial)
      : (overrides.engine ??
        createDialogEngine({
          nlu,
          validators: nlu.validators,
          intents: nlu.intents,
          knowledge,
          feedback,
          backend: backend.client,
          handoffs,
          presence,
          // Conversation and user state in the same place as everything else (Redis when configured),
          // kept a little longer than the idle time after which it starts over.
          storage: stores.storage({ ttlMs: STATE_TTL_MS }),
          locks: stores.locks,
          clock,
          logger: logger.child({ module: 'engine' }),
          ids,
          idleMinutes: config.conversation.idleMinutes,
          // Instances sharing the state store share the Direct Line secret: codes given early are sealed with it.
          sealSecret: config.directLine.secret,
        }));

  return {
    services: { ...partial, engine },
    lifecycle,
    ...(backend.router ? { simulatorRouter: backend.router } : {}),
    deliverWith: (deliver) => {
      deliverToChannel = deliver;
    },
    onListening: (port) => backend.onListening(port),
  };
}
