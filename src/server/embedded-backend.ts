/**
 * The backend the dialogs call: the Assurance Maladie's at BACKEND_URL, or the simulator embedded
 * in this process. Embedded, the assistant still talks HTTP to it, exactly as to a real backend:
 * at `/sim` of its own port once the server listens, or (without a server: the terminal chat,
 * tests) on a loopback port of its own opened on first use.
 *
 * The simulator seeds its personas in its store (Redis when configured): with the store
 * unreachable at start-up it cannot start yet. The assistant still listens; /sim answers 503 (the
 * backend client reads it as "unavailable", and the dialogs say so in French) and the simulator is
 * created as soon as the store answers.
 */
import express, { Router, type Express } from 'express';
import type { AddressInfo } from 'node:net';
import { createHttpBackendClient } from '../backend/client/index.js';
import type { BackendClient } from '../backend/client/types.js';
import { createSimulator, type Simulator } from '../backend/simulator/index.js';
import type { Config } from '../config/index.js';
import type { Clock, OffsetClock } from '../shared/clock.js';
import { createOffsetClock } from '../shared/clock.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { KeyValueStore } from '../state/kv.js';
import type { Lifecycle } from './lifecycle.js';

export interface Backend {
  client: BackendClient;
  /** The embedded simulator once it started (SIMULATOR on). */
  simulator(): Simulator | undefined;
  /** Where to mount the simulator (`/sim`) when it is embedded. */
  router?: Router | Express;
  /** Called once the HTTP server listens, with its port. */
  onListening(port: number): void;
}

export interface BackendDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** The simulator's own store (its own prefix). */
  kv: KeyValueStore;
  lifecycle: Lifecycle;
  /** The simulator's time (default: the clock, movable by POST /sim/clock). */
  simulatorClock?: OffsetClock;
  /** Wait before the first retry while the store does not answer; it doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export async function createBackend(deps: BackendDeps): Promise<Backend> {
  const { config, logger, lifecycle } = deps;
  let listeningPort: number | undefined;
  let ownPort: Promise<number> | undefined;
  let ownPortNow: number | undefined;
  // Links in the simulator's e-mails point where people reach it (PORT=0 in tests: the real port).
  const publicUrl = () => {
    if (listeningPort === undefined && ownPortNow !== undefined) return `http://localhost:${ownPortNow}`;
    return listeningPort !== undefined && /:0$/.test(config.publicUrl) ? config.publicUrl.replace(/:0$/, `:${listeningPort}`) : config.publicUrl;
  };

  const embedded = config.simulator.enabled
    ? await startEmbedded(
        () =>
          createSimulator({
            kv: deps.kv,
            keyPrefix: '',
            clock: deps.simulatorClock ?? createOffsetClock(deps.clock),
            logger: logger.child({ module: 'simulator' }),
            publicUrl: () => `${publicUrl()}/sim`,
            accessCodeMaxAttempts: config.simulator.accessCodeMaxAttempts,
            accessCodeLockMinutes: config.simulator.accessCodeLockMinutes,
            reseed: config.simulator.reseed,
          }),
        deps,
      )
    : undefined;
  if (embedded) lifecycle.dependsOn({ name: 'simulator', check: () => Promise.resolve(embedded.current() !== undefined) });

  const embeddedUrl = async (): Promise<string | undefined> => {
    if (listeningPort !== undefined) return `http://${loopbackHost(config.host)}:${listeningPort}/sim`;
    const app = embedded?.current()?.app;
    if (!app) return undefined;
    ownPort ??= listenOnLoopback(app, lifecycle).then((port) => (ownPortNow = port));
    return `http://127.0.0.1:${await ownPort}/sim`;
  };
  return {
    client: createHttpBackendClient({ baseUrl: config.backend.url ?? embeddedUrl, timeoutMs: config.backend.timeoutMs, logger: logger.child({ module: 'backend' }) }),
    simulator: () => embedded?.current(),
    ...(embedded ? { router: embedded.router } : {}),
    onListening: (port) => {
      listeningPort = port;
    },
  };
}

/** The simulator, or a stand-in answering 503 that creates it as soon as its store answers. */
async function startEmbedded(create: () => Promise<Simulator>, deps: BackendDeps): Promise<{ router: Router | Express; current(): Simulator | undefined }> {
  const { logger, lifecycle } = deps;
  const maxRetryMs = deps.maxRetryMs ?? 5000;
  let simulator: Simulator | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  lifecycle.onClose(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
  });
  const attempt = async (): Promise<boolean> => {
    try {
      simulator = await create();
      return true;
    } catch (error) {
      logger.warn({ event: 'sim.start_deferred', reason: errorMessage(error) }, 'simulated backend not started yet: its store does not answer');
      return false;
    }
  };
  const retry = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void attempt().then((ok) => {
        if (ok) logger.info({ event: 'sim.started' }, 'simulated backend started');
        else retry(Math.min(delay * 2, maxRetryMs));
      });
    }, delay);
    timer.unref();
  };
  if (await attempt()) return { router: simulator!.app, current: () => simulator };
  retry(deps.retryMs ?? 500);
  const router = Router();
  router.use((req, res, next) => {
    if (simulator) {
      simulator.app(req, res, next);
      return;
    }
    res.setHeader('Retry-After', '5');
    res.status(503).json({ error: { code: 'unavailable', message: 'The simulated backend is starting: its store does not answer yet' } });
  });
  return { router, current: () => simulator };
}

/** Where the assistant reaches itself: loopback when it listens on every interface. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Serves the simulator alone on a free loopback port, closed with the assistant. */
async function listenOnLoopback(app: Express, lifecycle: Lifecycle): Promise<number> {
  const root = express();
  root.use('/sim', app);
  const server = root.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  lifecycle.onClose(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}
