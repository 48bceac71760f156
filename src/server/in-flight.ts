import type { RequestHandler } from 'express';

/**
 * Counts requests in flight so that a graceful shutdown can wait for the turns being handled
 * (a Direct Line POST answers only once its turn is done) before the process exits.
 */
export interface InFlight {
  middleware: RequestHandler;
  count(): number;
  /** Resolves when no request is in flight, or after `timeoutMs` (resolves false then). */
  drained(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let active = 0;
  let waiters: Array<() => void> = [];
  const release = () => {
    active -= 1;
    if (active === 0) {
      const w = waiters;
      waiters = [];
      w.forEach((fn) => fn());
    }
  };
  return {
    middleware(_req, res, next) {
      active += 1;
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          release();
        }
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    },
    count: () => active,
    drained(timeoutMs) {
      if (active === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
