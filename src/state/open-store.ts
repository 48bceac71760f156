/**
 * The stores of a process, picked from its configuration: a Redis Cluster when seeds are given
 * (REDIS_CLUSTER_NODES), one Redis server with a URL (REDIS_URL), memory otherwise. The one place
 * where a process chooses its concrete stores, so that the assistant and the standalone simulated
 * backend keep their keys the same way: the assistant's under `ameli:`, the simulator's under its
 * own prefix `ameli-sim:` (tests give unique ones).
 *
 * It does not wait for Redis: `ready` resolves on the first connection, and a server listens
 * before that, unhealthy (/healthz 503) until Redis answers. The Redis client and the modules
 * built on it (redis-stores.ts) are imported only when Redis is configured: a process on memory
 * does not pay for loading them at start-up.
 */
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { createLocalLocks, type ConversationLocks } from './conversation-lock.js';
import type { KeyValueStore } from './kv.js';
import { createMemoryKeyValueStore } from './memory-kv.js';
import { createPrefixedKeyValueStore } from './prefixed-kv.js';
import type { RedisLink } from './redis.js';
import type { Storage } from './storage-contract.js';
import { createMemoryStorage } from './storage.js';

/** Key prefixes of a deployment: the assistant's state, and the simulated backend's apart. */
export interface KeyPrefixes {
  assistant: string;
  simulator: string;
}

export const DEFAULT_PREFIXES: KeyPrefixes = { assistant: 'ameli:', simulator: 'ameli-sim:' };

export interface OpenStoresOptions {
  /** redis://host:port/db of one server. */
  redisUrl?: string | undefined;
  /** redis://host:port seeds of a cluster (wins over redisUrl). */
  clusterNodes?: readonly string[] | undefined;
  prefixes?: KeyPrefixes;
  logger: Logger;
  clock?: Clock;
  /** Deadline of one Redis command (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
  /** How long a conversation's lease lasts without renewal (CONVERSATION_LOCK_MS). */
  lockMs?: number;
}

export interface Stores {
  kind: 'memory' | 'redis' | 'cluster';
  /** The assistant's key-value store (Direct Line, handoffs, feedback, limits, presence). */
  kv: KeyValueStore;
  /** The simulated backend's key-value store, under its own prefix. */
  simulatorKv: KeyValueStore;
  /** The engine's conversation and user state (botbuilder-shaped), items expiring after `ttlMs`. */
  storage(options: { ttlMs: number }): Storage;
  /** One conversation's turns one at a time, across every instance sharing the store. */
  locks: ConversationLocks;
  /** The connection, for tools that measure it (the footprint benchmark). */
  link?: RedisLink;
  /** Resolves once the store answers the first time (at once in memory). */
  ready: Promise<void>;
  /** True while the store can serve requests (for /healthz). */
  healthy(): Promise<boolean>;
  /** Releases the connection, if any. */
  close(): Promise<void>;
}

export async function openStores(options: OpenStoresOptions): Promise<Stores> {
  const clock = options.clock ?? systemClock;
  const prefixes = options.prefixes ?? DEFAULT_PREFIXES;
  const cluster = options.clusterNodes && options.clusterNodes.length > 0 ? options.clusterNodes : undefined;
  if (!cluster && !options.redisUrl) {
    const memory = createMemoryKeyValueStore({ clock });
    return {
      kind: 'memory',
      kv: createPrefixedKeyValueStore(memory, prefixes.assistant),
      simulatorKv: createPrefixedKeyValueStore(memory, prefixes.simulator),
      storage: ({ ttlMs }) => createMemoryStorage({ clock, ttlMs }),
      locks: createLocalLocks(),
      ready: Promise.resolve(),
      healthy: () => Promise.resolve(true),
      close: () => Promise.resolve(),
    };
  }
  const { openRedisStores } = await import('./redis-stores.js');
  return openRedisStores(cluster ? { clusterNodes: cluster } : { url: options.redisUrl! }, { ...options, clock, prefixes });
}
