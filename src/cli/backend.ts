/**
 * `npm run backend`: the simulated backend on its own port (SIM_PORT, default 3979), under the
 * same /sim paths as when the assistant embeds it. Start the assistant against it with
 * BACKEND_URL=http://localhost:3979/sim. State in memory, or in Redis with REDIS_URL or
 * REDIS_CLUSTER_NODES (see src/server/simulator-process.ts).
 */
import { runSimulatorProcess } from '../server/simulator-process.js';
import { errorMessage } from '../shared/errors.js';

runSimulatorProcess().catch((error: unknown) => {
  process.stderr.write(`Failed to start the simulated backend: ${errorMessage(error)}\n`);
  process.exit(1);
});
