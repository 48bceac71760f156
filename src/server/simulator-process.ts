/**
 * The composition root of the standalone simulated backend's process (`npm run backend`): its
 * configuration, the same store factory as the assistant (so that both keep the simulator's keys
 * under the same prefix), the server, and a clean stop on SIGTERM.
 */
import { startStandaloneSimulator } from '../backend/simulator/index.js';
import { loadSimulatorConfig } from '../config/index.js';
import { createLogger } from '../shared/logger.js';
import { openStores } from '../state/open-store.js';
import { configOrExit } from './config-or-exit.js';

export async function runSimulatorProcess(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = configOrExit(() => loadSimulatorConfig(env));
  const logger = createLogger({ level: config.logLevel, name: 'ameli-simulator' });
  const stores = await openStores({ redisUrl: config.redisUrl, clusterNodes: config.redisClusterNodes, logger, commandTimeoutMs: config.redisCommandTimeoutMs });
  // It seeds its personas at once: it needs its store to start.
  await stores.ready;
  const sim = await startStandaloneSimulator({
    port: config.port,
    host: config.host,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    kv: stores.simulatorKv,
    keyPrefix: '',
    logger,
    accessCodeMaxAttempts: config.accessCodeMaxAttempts,
    accessCodeLockMinutes: config.accessCodeLockMinutes,
    reseed: config.reseed,
  });
  logger.info({ event: 'sim.listening', port: sim.port, state: stores.kind }, `simulated backend ready on ${sim.url}`);
  // Said plainly on standard output too: scripts and tests wait for this line.
  process.stdout.write(`Simulated backend: ${sim.url} (BACKEND_URL=${sim.url})\n`);

  const stop = async (signal: string) => {
    logger.info({ event: 'sim.shutdown', signal }, 'stopping');
    await sim.close();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
