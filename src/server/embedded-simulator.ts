/**
 * The embedded simulator, when its store may be down at start-up: it seeds its personas in the
 * store (Redis when REDIS_URL is set), so with Redis unreachable it cannot start yet. The assistant
 * still listens; /sim answers 503 (the backend client reads it as "unavailable" and the dialogs
 * say so in French) and the simulator is created as soon as the store answers.
 */
import { Router, type Express } from 'express';
import type { Simulator } from '../backend/simulator/index.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export interface EmbeddedSimulator {
  /** Mount at /sim: the simulator's own app when it started at once, a stand-in that waits for it otherwise. */
  router: Router | Express;
  /** The simulator once created. */
  current(): Simulator | undefined;
  /** Stops retrying (shutdown). */
  stop(): void;
}

export interface EmbeddedSimulatorOptions {
  create: () => Promise<Simulator>;
  logger: Logger;
  /** Wait before the first retry; it doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export async function startEmbeddedSimulator(options: EmbeddedSimulatorOptions): Promise<EmbeddedSimulator> {
  const maxRetryMs = options.maxRetryMs ?? 5000;
  let simulator: Simulator | undefined;
  let app: Express | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const attempt = async (): Promise<boolean> => {
    try {
      simulator = await options.create();
      app = simulator.app;
      return true;
    } catch (error) {
      options.logger.warn({ event: 'sim.start_deferred', reason: errorMessage(error) }, 'simulated backend not started yet: its store does not answer');
      return false;
    }
  };
  const retry = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void attempt().then((ok) => {
        if (ok) options.logger.info({ event: 'sim.started' }, 'simulated backend started');
        else retry(Math.min(delay * 2, maxRetryMs));
      });
    }, delay);
    timer.unref();
  };
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
  if (await attempt()) return { router: app as Express, current: () => simulator, stop };
  retry(options.retryMs ?? 500);

  const router = Router();
  router.use((req, res, next) => {
    if (app) {
      app(req, res, next);
      return;
    }
    res.setHeader('Retry-After', '5');
    res.status(503).json({ error: { code: 'unavailable', message: 'The simulated backend is starting: its store does not answer yet' } });
  });
  return { router, current: () => simulator, stop };
}
