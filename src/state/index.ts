export type { KeyValueStore, SetOptions } from './kv.js';
export { createMemoryKeyValueStore } from './memory-kv.js';
export { createRedisKeyValueStore } from './redis-kv.js';
export { connectRedis, type RedisClient } from './redis.js';
export { createMemoryStorage, createRedisStorage, ETagConflictError, type Storage, type StoreItem, type StoreItems } from './storage.js';
