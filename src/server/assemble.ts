/**
 * The composition root of the assistant's process: the one place that reads the configuration
 * and creates concrete objects. It reads in three steps, each its own file:
 *
 * - services.ts: the stores (memory, Redis or a cluster), NLU, knowledge, advisors, the backend
 *   (embedded-backend.ts) and the engine — what the terminal chat and most tests need;
 * - channels.ts: every HTTP surface, mounted in one place;
 * - lifecycle.ts: health checks, shutdown and the release of what was opened.
 *
 * serve.ts runs the result as a process; integration tests call it to get the same assistant
 * in-process, or call `assembleServices` when they need no HTTP.
 */
import type { Express } from 'express';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config/index.js';
import { createChannels } from './channels.js';
import { createApp } from './create-app.js';
import { createInFlight, type InFlight } from './in-flight.js';
import type { Lifecycle } from './lifecycle.js';
import { requireOpsKey } from './ops-access.js';
import { createServices, type AssembleOverrides, type AssistantServices } from './services.js';

export type { AssembleOverrides, AssistantServices } from './services.js';

export interface Assistant {
  app: Express;
  /** What the app is made of (tests ask for the service they need). */
  services: AssistantServices;
  inFlight: InFlight;
  /** Gives the HTTP server's WebSocket upgrades to the channels (Direct Line streams). */
  attach(server: Server): void;
  /** Called once the HTTP server listens, with the port it got (the embedded backend needs it). */
  onListening(port: number): void;
  /** Marks the assistant as shutting down (healthz 503) and closes the streams. */
  beginShutdown(): void;
  /** Releases connections (Redis…). */
  close(): Promise<void>;
}

/** The services without HTTP (the terminal chat, engine-level tests): close them with `close`. */
export async function assembleServices(config: Config, overrides: AssembleOverrides = {}): Promise<AssistantServices & { close(): Promise<void> }> {
  const { services, lifecycle } = await createServices(config, overrides);
  return { ...services, close: () => lifecycle.close() };
}

export async function assemble(config: Config, overrides: AssembleOverrides = {}): Promise<Assistant> {
  const built = await createServices(config, overrides);
  const { services, lifecycle } = built;
  const channels = createChannels(services, { simulatorRouter: built.simulatorRouter });
  built.deliverWith(channels.deliver);
  lifecycle.onShutdown(() => channels.closeStreams());
  const inFlight = createInFlight();
  const app = createApp({
    logger: services.logger,
    metrics: services.metrics,
    inFlight,
    health: lifecycle.health,
    mounts: channels.mounts,
    isShuttingDown: () => lifecycle.isShuttingDown(),
    trustProxy: config.trustProxy,
    ...(config.env === 'production' ? { metricsAccess: requireOpsKey([config.opsApiKey, config.agent.apiKey], services.logger) } : {}),
  });
  return {
    app,
    services,
    inFlight,
    onListening: (port) => {
      built.onListening(port);
      channels.afterListening();
    },
    attach: (server) => attachUpgrades(server, lifecycle, (req, socket, head) => channels.handleUpgrade(req, socket, head)),
    beginShutdown: () => lifecycle.beginShutdown(),
    close: () => lifecycle.close(),
  };
}

function attachUpgrades(server: Server, lifecycle: Lifecycle, handle: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (lifecycle.isShuttingDown() || !handle(req, socket, head)) socket.destroy();
  });
}
