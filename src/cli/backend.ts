/**
 * `npm run backend`: the simulated backend on its own port (SIM_PORT, default 3979), under the
 * same /sim paths as when the assistant embeds it. Start the assistant against it with
 * BACKEND_URL=http://localhost:3979/sim. State in memory, or in Redis with REDIS_URL.
 */
import { startStandaloneSimulator } from '../backend/simulator/index.js';
import { loadSimulatorConfig } from '../config/index.js';
import { ConfigError, errorMessage } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import type { KeyValueStore } from '../state/kv.js';
import { createMemoryKeyValueStore } from '../state/memory-kv.js';
import { connectRedis, type RedisClient } from '../state/redis.js';
import { createRedisKeyValueStore } from '../state/redis-kv.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadSimulatorConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, name: 'ameli-simulator' });
  let redis: RedisClient | undefined;
  let kv: KeyValueStore;
  if (config.redisUrl) {
    redis = await connectRedis(config.redisUrl, logger);
    kv = createRedisKeyValueStore(redis, { prefix: 'ameli:' });
  } else {
    kv = createMemoryKeyValueStore();
  }
  const sim = await startStandaloneSimulator({
    port: config.port,
    host: config.host,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    kv,
    logger,
    accessCodeMaxAttempts: config.accessCodeMaxAttempts,
    accessCodeLockMinutes: config.accessCodeLockMinutes,
  });
  logger.info({ event: 'sim.listening', port: sim.port, state: redis ? 'redis' : 'memory' }, `simulated backend ready on ${sim.url}`);
  // Said plainly on standard output too: scripts and tests wait for this line.
  console.log(`Simulated backend: ${sim.url} (BACKEND_URL=${sim.url})`);

  const stop = async (signal: string) => {
    logger.info({ event: 'sim.shutdown', signal }, 'stopping');
    await sim.close();
    if (redis?.isOpen) await redis.quit();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start the simulated backend: ${errorMessage(error)}\n`);
  process.exit(1);
});
