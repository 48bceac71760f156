/**
 * What ordering tests wait on instead of time: a promise the test settles itself, a turn held
 * until the test releases it, locks that tell when a request reached its conversation, and a router
 * served on a free local port.
 */
import express, { type Router } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorHandler } from '../../src/server/create-app.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import type { ConversationLocks } from '../../src/state/conversation-lock.js';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

/** A promise the test resolves when something happened. */
export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Turns the test holds by the text of their message: `hold(text)` before the message is sent;
 * the engine's answer awaits `wait(text)`, which says it started and waits for `release()`.
 */
export function createTurnGates() {
  const gates = new Map<string, { started: Deferred; released: Deferred }>();
  return {
    hold(text: string): { started: Promise<void>; release(): void } {
      const gate = { started: deferred(), released: deferred() };
      gates.set(text, gate);
      return { started: gate.started.promise, release: () => gate.released.resolve() };
    },
    /** In the engine: resolves at once for a message nobody holds. */
    async wait(text: string): Promise<void> {
      const gate = gates.get(text);
      if (!gate) return;
      gates.delete(text);
      gate.started.resolve();
      await gate.released.promise;
    },
  };
}

/** Locks that report each task they are given, before it waits for its conversation. */
export interface ReportingLocks extends ConversationLocks {
  /** Resolves when the next task is given (a request reached its conversation). */
  nextArrival(): Promise<void>;
}

export function reportingLocks(inner: ConversationLocks): ReportingLocks {
  let waiting: Deferred[] = [];
  return {
    run(tag, task) {
      const arrived = waiting;
      waiting = [];
      for (const w of arrived) w.resolve();
      return inner.run(tag, task);
    },
    leaseFor: (key) => inner.leaseFor(key),
    afterCommit: (tag, callback) => inner.afterCommit(tag, callback),
    nextArrival() {
      const next = deferred();
      waiting.push(next);
      return next.promise;
    },
  };
}

/** Serves an express router on a free local port, with the server's error handler. */
export async function serveRouter(router: Router): Promise<{ url: string; close(): void }> {
  const app = express();
  app.use(router);
  app.use(errorHandler(createSilentLogger()));
  const listener: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  return { url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`, close: () => listener.close() };
}
