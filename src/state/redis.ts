import { createClient } from 'redis';
import type { Logger } from '../shared/logger.js';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects to Redis. The client reconnects by itself with a capped backoff; while it is down,
 * `isReady` is false and /healthz answers 503.
 */
export async function connectRedis(url: string, logger: Logger, options: { connectTimeoutMs?: number } = {}): Promise<RedisClient> {
  const client = createClient({
    url,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 5000,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000),
    },
  });
  let wasDown = false;
  client.on('error', (error: unknown) => {
    if (!wasDown) logger.error({ event: 'redis.error', err: error }, 'redis connection error');
    wasDown = true;
  });
  client.on('ready', () => {
    if (wasDown) logger.info({ event: 'redis.ready' }, 'redis connection back');
    wasDown = false;
  });
  await client.connect();
  return client;
}
