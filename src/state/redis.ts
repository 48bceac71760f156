/**
 * One connection to Redis for the whole process, a single server (REDIS_URL) or a cluster
 * (REDIS_CLUSTER_NODES), behind the same small interface: a command routed by its key, a Lua script
 * routed by its first key, and SCAN over every master. The stores are written once against it, so
 * what works on one server works on a cluster as long as a command's keys share a slot (one
 * conversation's keys carry the same hash tag, see keys.ts).
 *
 * It never leaves a caller waiting: every store operation has a deadline (storeCall, see
 * unavailable.ts: it covers a command waiting to be sent as well as one waiting for its answer),
 * while the connection is down commands fail at once instead of queueing (no offline queue), and
 * the commands waiting to be sent are bounded, so a turn ends with an answer (an apology, or 503
 * with Retry-After). The client's own per-command `timeout` is not used: it creates an AbortSignal
 * and a timer per command that fires even after the answer came, which cost more CPU per turn
 * than the commands themselves (measured with test/bench/instances-load.ts), for a deadline the
 * stores already give.
 * The client reconnects by itself with a capped backoff; the first connection is not awaited here:
 * the server listens, unhealthy, until Redis answers.
 */
import { createHash } from 'node:crypto';
import { createClient, createCluster, RESP_TYPES } from 'redis';
import type { Logger } from '../shared/logger.js';

export type RedisArg = string | Buffer;

/** A Lua script and its SHA-1 (EVALSHA first, EVAL when the server does not know it yet). */
export interface LuaScript {
  source: string;
  sha1: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

export interface CommandOptions {
  /** Bulk replies as Buffers (compressed values) instead of strings. */
  binary?: boolean;
}

export interface RedisLink {
  readonly mode: 'single' | 'cluster';
  /** One command; `key` routes it to its node in a cluster (undefined: any node). */
  command<T = unknown>(key: string | undefined, args: readonly RedisArg[], options?: CommandOptions): Promise<T>;
  /** A Lua script on the node of `keys[0]` (every key of one call must share a slot). */
  script<T = unknown>(script: LuaScript, keys: readonly string[], args: readonly RedisArg[], options?: CommandOptions): Promise<T>;
  /** Keys matching a glob, on every master (SCAN, never KEYS), in batches. */
  scan(match: string, count?: number): AsyncIterable<string[]>;
  /** Resolves once connected the first time (it keeps trying while Redis is down). */
  readonly ready: Promise<void>;
  /** Connected now (for the start-up message and /healthz). */
  isReady(): boolean;
  /** Every master answers PING. */
  ping(): Promise<boolean>;
  /** Closes the connection: politely when Redis answers, at once when it does not. */
  close(): Promise<void>;
}

export type RedisTarget = { url: string } | { clusterNodes: readonly string[] };

export interface RedisOptions {
  /** Deadline of one connection attempt. */
  connectTimeoutMs?: number;
  /** Longest wait between two reconnection attempts. */
  maxReconnectDelayMs?: number;
}

const BINARY = { [RESP_TYPES.BLOB_STRING]: Buffer };

/** Opens a connection to a server or a cluster; see the module comment. */
export function openRedis(target: RedisTarget, logger: Logger, options: RedisOptions = {}): RedisLink {
  return 'url' in target ? openSingle(target.url, logger, options) : openCluster(target.clusterNodes, logger, options);
}

/** Logs an outage once (a reconnection loop would otherwise write a line every attempt), and its end. */
function outageLog(logger: Logger) {
  let down = false;
  return {
    error(error: unknown) {
      if (!down) logger.error({ event: 'redis.error', err: error }, 'redis connection error');
      down = true;
    },
    ready() {
      if (down) logger.info({ event: 'redis.ready' }, 'redis connection back');
      down = false;
    },
  };
}

const isNoScript = (error: unknown) => error instanceof Error && error.message.startsWith('NOSCRIPT');

function socketOptions(options: RedisOptions) {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  return {
    connectTimeout: options.connectTimeoutMs ?? 2000,
    reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, maxDelay),
  };
}

function openSingle(url: string, logger: Logger, options: RedisOptions): RedisLink {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // A Redis that stopped answering must not make commands pile up without end.
    commandsQueueMaxLength: 10_000,
    socket: socketOptions(options),
  });
  const outage = outageLog(logger);
  client.on('error', (error: unknown) => outage.error(error));
  client.on('ready', () => outage.ready());
  const ready = client.connect().then(
    () => undefined,
    (error: unknown) => logger.error({ event: 'redis.connect_failed', err: error }, 'redis connection failed'),
  );
  const command = <T>(_key: string | undefined, args: readonly RedisArg[], opts?: CommandOptions) =>
    client.sendCommand<T>(args, opts?.binary ? { typeMapping: BINARY } : undefined);
  return {
    mode: 'single',
    command,
    script: (script, keys, args, opts) => runScript(command, script, keys, args, opts),
    async *scan(match, count = 500) {
      let cursor = '0';
      do {
        const [next, batch] = await command<[string, string[]]>(undefined, ['SCAN', cursor, 'MATCH', match, 'COUNT', String(count)]);
        cursor = next;
        if (batch.length > 0) yield batch;
      } while (cursor !== '0');
    },
    ready,
    isReady: () => client.isReady,
    ping: async () => client.isReady && (await client.ping()) === 'PONG',
    close: () => politeClose(client.isOpen, client.isReady, () => client.close(), () => client.destroy()),
  };
}

function openCluster(nodes: readonly string[], logger: Logger, options: RedisOptions): RedisLink {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const cluster = createCluster({
    rootNodes: nodes.map((url) => ({ url })),
    defaults: { disableOfflineQueue: true, commandsQueueMaxLength: 10_000, socket: socketOptions(options) },
  });
  const outage = outageLog(logger);
  let connected = false;
  let closed = false;
  cluster.on('error', (error: unknown) => outage.error(error));
  cluster.on('node-error', (error: unknown) => outage.error(error));
  cluster.on('node-ready', () => outage.ready());
  // The cluster client does not retry its first discovery: unreachable seeds are tried again here.
  const ready = (async () => {
    for (let attempt = 0; !closed; attempt++) {
      try {
        await cluster.connect();
        connected = true;
        outage.ready();
        return;
      } catch (error) {
        outage.error(error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, maxDelay)).unref());
      }
    }
  })();
  const command = <T>(key: string | undefined, args: readonly RedisArg[], opts?: CommandOptions) =>
    cluster.sendCommand<T>(key, false, [...args], opts?.binary ? { typeMapping: BINARY } : undefined);
  return {
    mode: 'cluster',
    command,
    script: (script, keys, args, opts) => runScript(command, script, keys, args, opts),
    async *scan(match, count = 500) {
      for (const master of cluster.masters) {
        const client = await cluster.nodeClient(master);
        let cursor = '0';
        do {
          const [next, batch] = await client.sendCommand<[string, string[]]>(['SCAN', cursor, 'MATCH', match, 'COUNT', String(count)]);
          cursor = next;
          if (batch.length > 0) yield batch;
        } while (cursor !== '0');
      }
    },
    ready,
    isReady: () => connected && cluster.isOpen,
    async ping() {
      if (!connected) return false;
      const answers = await Promise.all(cluster.masters.map(async (master) => (await cluster.nodeClient(master)).sendCommand<string>(['PING'])));
      return answers.length > 0 && answers.every((a) => a === 'PONG');
    },
    close: () => {
      closed = true;
      return politeClose(cluster.isOpen, connected, () => cluster.close(), () => cluster.destroy());
    },
  };
}

async function runScript<T>(
  command: <R>(key: string | undefined, args: readonly RedisArg[], opts?: CommandOptions) => Promise<R>,
  script: LuaScript,
  keys: readonly string[],
  args: readonly RedisArg[],
  opts: CommandOptions | undefined,
): Promise<T> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await command<T>(keys[0], ['EVALSHA', script.sha1, ...tail], opts);
  } catch (error) {
    // A server that restarted (or a cluster node seen for the first time) does not know it yet.
    if (!isNoScript(error)) throw error;
    return command<T>(keys[0], ['EVAL', script.source, ...tail], opts);
  }
}

/** QUIT waits for the commands in flight: a frozen Redis must not hold the shutdown more than a second. */
async function politeClose(open: boolean, ready: boolean, close: () => Promise<unknown>, destroy: () => void): Promise<void> {
  if (!open) return;
  if (!ready) {
    destroy();
    return;
  }
  const polite = close().then(
    () => true,
    () => false,
  );
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref());
  if (!(await Promise.race([polite, timer]))) {
    try {
      destroy();
    } catch {
      // already closed
    }
  }
}

/** Opens a connection and waits for its first connection (tools and tests that need Redis to start). */
export async function connectRedis(target: RedisTarget | string, logger: Logger, options: RedisOptions = {}): Promise<RedisLink> {
  const link = openRedis(typeof target === 'string' ? { url: target } : target, logger, options);
  await link.ready;
  return link;
}
