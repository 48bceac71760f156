/**
 * The turns of one conversation run one at a time, in the order they got the conversation,
 * whichever instance received them.
 *
 * In one process, a keyed queue orders them (keyed-queue.ts). With Redis, the queue's head also
 * takes a lease on the conversation in Redis before it runs: a lock with an expiry and a fencing
 * token. The lease is renewed while the turn runs; a process killed while it holds a conversation
 * blocks it until the lease expires (CONVERSATION_LOCK_MS), then the next instance takes it.
 *
 * The token guards the writes, not only the lock: while a turn runs, the writes to its
 * conversation's keys (those carrying its hash tag: the Direct Line log, the engine's state) are
 * held in the lease and committed when the turn ends, in one script that first checks that the lease
 * is still this turn's. A process that was paused past its lease (and whose conversation another
 * instance took meanwhile) therefore writes nothing, and a process killed mid-turn leaves nothing
 * half-written: its turn never happened, and the client's retry runs it once.
 *
 * This file is the lock as the engine and the channels see it, and its one-process form (the
 * queue alone, writes straight to memory); redis-locks.ts adds the lease shared by instances.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../shared/errors.js';
import { createKeyedQueue } from './keyed-queue.js';
import { tagOf } from './keys.js';

/** A write held back until the turn commits. */
export type StagedWrite = { op: 'set'; value: string | Buffer; ttlMs?: number } | { op: 'delete' } | { op: 'expire'; ttlMs: number };

export interface Lease {
  readonly tag: string;
  /** Grows by one each time the conversation is taken. */
  readonly fence: number;
  /** What this turn wrote to `key` so far (a turn reads its own writes). */
  staged(key: string): StagedWrite | undefined;
  stage(key: string, write: StagedWrite): void;
  /**
   * What this turn already read of `key` (null: absent). Nobody else writes a held conversation's
   * keys, so a turn reads each of them from Redis once.
   */
  remembered(key: string): { value: Buffer | null } | undefined;
  remember(key: string, value: Buffer | null): void;
}

export interface ConversationLocks {
  /**
   * Runs `task` holding the conversation `tag` (conversationTag()); calls for the same tag wait
   * their turn. Called again for the same tag inside the task, it runs at once (the Direct Line
   * turn holds the conversation and calls the engine, which asks for it too).
   */
  run<T>(tag: string, task: () => Promise<T>): Promise<T>;
  /** The lease that holds `key`'s conversation in the current task, when writes to it must be staged. */
  leaseFor(key: string): Lease | undefined;
  /** Runs `callback` once the current task for `tag` has committed (at once outside of one). */
  afterCommit(tag: string, callback: () => void): void;
}

export class ConversationBusyError extends AppError {
  constructor(message: string) {
    super('ServiceUnavailable', message, { status: 503, details: { retryAfterSeconds: 1 } });
  }
}

interface Held<L> {
  lease: L | undefined;
  callbacks: Array<() => void>;
  closed: boolean;
}

/** Where leases come from when several instances share the store (redis-locks.ts). */
export interface LeaseBackend<L extends Lease = Lease> {
  acquire(tag: string): Promise<L>;
  /** Writes what the turn staged, if the lease is still its own, and releases it. */
  commit(lease: L): Promise<void>;
  /** Releases without writing (the turn failed). */
  release(lease: L): Promise<void>;
}

export function createLocks<L extends Lease>(backend: LeaseBackend<L> | undefined): ConversationLocks {
  const queue = createKeyedQueue();
  const context = new AsyncLocalStorage<ReadonlyMap<string, Held<L>>>();
  const current = (tag: string) => {
    const held = context.getStore()?.get(tag);
    return held && !held.closed ? held : undefined;
  };

  return {
    run<T>(tag: string, task: () => Promise<T>): Promise<T> {
      if (current(tag)) return task();
      const outer = context.getStore();
      return queue.run(tag, async () => {
        const held: Held<L> = { lease: backend ? await backend.acquire(tag) : undefined, callbacks: [], closed: false };
        const scope = new Map(outer);
        scope.set(tag, held);
        let result: T;
        try {
          result = await context.run(scope, task);
          held.closed = true;
          if (held.lease) await backend!.commit(held.lease);
        } catch (error) {
          held.closed = true;
          if (held.lease) await backend!.release(held.lease).catch(() => undefined);
          throw error;
        }
        for (const callback of held.callbacks) callback();
        return result;
      });
    },
    leaseFor(key) {
      const tag = tagOf(key);
      return tag ? current(tag)?.lease : undefined;
    },
    afterCommit(tag, callback) {
      const held = current(tag);
      if (held) held.callbacks.push(callback);
      else callback();
    },
  };
}

/** One process, no Redis: the keyed queue is the whole lock, and writes go straight to memory. */
export function createLocalLocks(): ConversationLocks {
  return createLocks(undefined);
}
