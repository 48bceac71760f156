import { createClient } from 'redis';
import type { Logger } from '../shared/logger.js';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisOptions {
  /** Deadline of one command (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
  /** Deadline of one connection attempt. */
  connectTimeoutMs?: number;
  /** Longest wait between two reconnection attempts. */
  maxReconnectDelayMs?: number;
}

export interface RedisConnection {
  client: RedisClient;
  /** Resolves once the client is connected the first time (it keeps trying while Redis is down). */
  ready: Promise<void>;
  /** Closes the connection: politely when Redis answers, at once when it does not. */
  close(): Promise<void>;
}

/**
 * Opens a Redis client that never leaves a caller waiting: every command has a deadline, and
 * while the connection is down commands fail at once instead of queueing (no offline queue), so a
 * turn ends with an answer (an apology, or 503 with Retry-After) rather than hanging. The client
 * reconnects by itself with a capped backoff; `isReady` says whether it is connected (/healthz).
 * The first connection is not awaited here: the server listens, unhealthy, until Redis answers.
 */
export function openRedis(url: string, logger: Logger, options: RedisOptions = {}): RedisConnection {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // Waiting to be sent (the stores add their own deadline for the answer, see unavailable.ts).
    commandOptions: { timeout: options.commandTimeoutMs ?? 1000 },
    // A Redis that stopped answering must not make commands pile up without end.
    commandsQueueMaxLength: 10_000,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 2000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, maxDelay),
    },
  });
  let down = false;
  client.on('error', (error: unknown) => {
    // Once per outage: a reconnection loop would otherwise write a line every attempt.
    if (!down) logger.error({ event: 'redis.error', err: error }, 'redis connection error');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ event: 'redis.ready' }, 'redis connection back');
    down = false;
  });
  const ready = client.connect().then(
    () => undefined,
    (error: unknown) => logger.error({ event: 'redis.connect_failed', err: error }, 'redis connection failed'),
  );
  return {
    client,
    ready,
    async close() {
      if (!client.isOpen) return;
      if (!client.isReady) {
        client.destroy();
        return;
      }
      // QUIT waits for the commands in flight: a frozen Redis must not hold the shutdown.
      const polite = client.close().then(
        () => true,
        () => false,
      );
      const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref());
      if (!(await Promise.race([polite, timer])) && client.isOpen) client.destroy();
    },
  };
}

/** Opens a client and waits for its first connection (tools and tests that need Redis to start). */
export async function connectRedis(url: string, logger: Logger, options: RedisOptions = {}): Promise<RedisClient> {
  const connection = openRedis(url, logger, options);
  await connection.ready;
  return connection.client;
}
