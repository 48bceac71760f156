/**
 * What a running assistant must do at its edges: tell /healthz what it depends on, stop taking
 * work when asked (SIGTERM), and release what it opened, in the reverse order of opening.
 */
import type { HealthCheck } from './health.js';

export interface Lifecycle {
  /** The dependencies /healthz checks. */
  readonly health: HealthCheck[];
  dependsOn(check: HealthCheck): void;
  /** Registers what to release at the end (run last-registered first). */
  onClose(close: () => Promise<void> | void): void;
  /** Registers what to stop when a shutdown starts (open streams). */
  onShutdown(stop: () => void): void;
  isShuttingDown(): boolean;
  /** Marks the shutdown (healthz 503) and stops what must stop first. */
  beginShutdown(): void;
  /** Releases everything; safe to call twice. */
  close(): Promise<void>;
}

export function createLifecycle(): Lifecycle {
  const health: HealthCheck[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  const stoppers: Array<() => void> = [];
  let shuttingDown = false;
  let closed: Promise<void> | undefined;
  const stop = () => {
    for (const s of stoppers) s();
  };
  return {
    health,
    dependsOn: (check) => void health.push(check),
    onClose: (close) => void closers.push(close),
    onShutdown: (s) => void stoppers.push(s),
    isShuttingDown: () => shuttingDown,
    beginShutdown() {
      shuttingDown = true;
      stop();
    },
    close() {
      closed ??= (async () => {
        stop();
        for (const close of [...closers].reverse()) await close();
      })();
      return closed;
    },
  };
}
