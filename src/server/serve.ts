/**
 * Runs the assistant as a process: reads the configuration (a wrong value stops the process with
 * one line naming the variable, exit code 1), listens on PORT, and shuts down gracefully on
 * SIGTERM/SIGINT: stop accepting, let the turns in flight finish, close connections, exit 0.
 * main.ts calls it; process-level tests call it with a scripted engine.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/index.js';
import { assemble, type AssembleOverrides } from './assemble.js';
import { configOrExit } from './config-or-exit.js';

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  overrides?: AssembleOverrides;
}

export async function serve(options: ServeOptions = {}): Promise<void> {
  const config = configOrExit(() => loadConfig(options.env ?? process.env));
  const assistant = await assemble(config, options.overrides);
  const { logger } = assistant.services;
  const server = assistant.app.listen(config.port, config.host);
  assistant.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  assistant.onListening(port);
  logger.info(
    {
      event: 'server.listening',
      port,
      url: config.publicUrl,
      simulator: config.simulator.enabled,
      backend: config.backend.url ?? 'embedded simulator',
      state: assistant.services.stores.kind,
    },
    `assistant ready on ${config.publicUrl}`,
  );
  if (config.env !== 'production' && config.agent.apiKeyGenerated && config.agent.apiKey) {
    // Development only: the generated agent key is shown once on the terminal (not in the JSON logs)
    // so that a developer can open the agent console.
    process.stderr.write(`Agent console: ${config.publicUrl}/agent (development key: ${config.agent.apiKey})\n`);
  }
  if (config.env !== 'production' && config.directLine.secretGenerated) {
    // Development only, like the agent key: the generated secret, so that the README's curl works.
    process.stderr.write(`Direct Line: ${config.publicUrl}/v3/directline (development secret: ${config.directLine.secret})\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'server.shutdown', signal, inFlight: assistant.inFlight.count() }, 'shutting down');
    assistant.beginShutdown();
    server.close();
    // Idle keep-alive sockets would hold close() open; requests in flight keep theirs until done.
    server.closeIdleConnections();
    const drained = await assistant.inFlight.drained(config.shutdownGraceMs);
    if (!drained) logger.warn({ event: 'server.shutdown.timeout', inFlight: assistant.inFlight.count() }, 'turns still in flight at the end of the grace period');
    server.closeAllConnections();
    await assistant.close();
    logger.info({ event: 'server.stopped' }, 'stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
