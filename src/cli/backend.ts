/**
 * `npm run backend`: the simulated backend on its own port (SIM_PORT, default 3979), under the
 * same /sim paths as when the assistant embeds it. Start the assistant against it with
 * BACKEND_URL=http://localhost:3979/sim. State in memory, or in Redis with REDIS_URL (the same
 * store factory and key prefix as the assistant's, so both see the same simulated people).
 */
import { startStandaloneSimulator } from '../backend/simulator/index.js';
import { loadSimulatorConfig, type SimulatorProcessConfig } from '../config/index.js';
import { ConfigError, errorMessage } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { openKeyValueStore } from '../state/open-store.js';

/** A wrong variable stops the process with one line naming it, exit code 1. */
function readConfig(): SimulatorProcessConfig {
  try {
    return loadSimulatorConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel, name: 'ameli-simulator' });
  const store = await openKeyValueStore({ ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}), prefix: 'ameli:', logger });
  const sim = await startStandaloneSimulator({
    port: config.port,
    host: config.host,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    kv: store.kv,
    logger,
    accessCodeMaxAttempts: config.accessCodeMaxAttempts,
    accessCodeLockMinutes: config.accessCodeLockMinutes,
  });
  logger.info({ event: 'sim.listening', port: sim.port, state: store.kind }, `simulated backend ready on ${sim.url}`);
  // Said plainly on standard output too: scripts and tests wait for this line.
  console.log(`Simulated backend: ${sim.url} (BACKEND_URL=${sim.url})`);

  const stop = async (signal: string) => {
    logger.info({ event: 'sim.shutdown', signal }, 'stopping');
    await sim.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start the simulated backend: ${errorMessage(error)}\n`);
  process.exit(1);
});
