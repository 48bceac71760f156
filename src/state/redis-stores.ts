/**
 * The stores of a process on Redis (one server or a cluster): what open-store.ts picks when Redis
 * is configured, imported by it only then, so that the Redis client is not loaded otherwise.
 */
import type { Clock } from '../shared/clock.js';
import type { KeyPrefixes, OpenStoresOptions, Stores } from './open-store.js';
import { openRedis, type RedisTarget } from './redis.js';
import { createRedisKeyValueStore } from './redis-kv.js';
import { createRedisLocks } from './redis-locks.js';
import { createRedisStorage } from './redis-storage.js';

export function openRedisStores(target: RedisTarget, options: OpenStoresOptions & { clock: Clock; prefixes: KeyPrefixes }): Stores {
  const { clock, prefixes, commandTimeoutMs } = options;
  // The deadline of a command is the stores' (storeCall), not the connection's: see redis.ts.
  const link = openRedis(target, options.logger.child({ module: 'redis' }));
  const locks = createRedisLocks({ link, prefix: prefixes.assistant, clock, ...(options.lockMs ? { leaseMs: options.lockMs } : {}), ...(commandTimeoutMs ? { commandTimeoutMs } : {}) });
  const deadline = commandTimeoutMs === undefined ? {} : { commandTimeoutMs };
  return {
    kind: 'clusterNodes' in target ? 'cluster' : 'redis',
    kv: createRedisKeyValueStore(link, { prefix: prefixes.assistant, locks, ...deadline }),
    simulatorKv: createRedisKeyValueStore(link, { prefix: prefixes.simulator, ...deadline }),
    storage: ({ ttlMs }) => createRedisStorage(link, { prefix: `${prefixes.assistant}state:`, ttlMs, locks, ...deadline }),
    locks,
    link,
    ready: link.ready,
    healthy: () => link.ping(),
    close: () => link.close(),
  };
}
