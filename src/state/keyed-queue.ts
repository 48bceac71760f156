/**
 * Runs tasks one at a time per key, in arrival order: the turns of one conversation never
 * overlap in this process, while different conversations run in parallel. The one per-process
 * queue of the project: the conversation locks (conversation-lock.ts) put it in front of the lock
 * shared by every instance, so that a process asks Redis for a conversation once at a time.
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running (for tests and metrics). */
  size(): number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    size: () => tails.size,
  };
}
