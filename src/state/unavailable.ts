import { ErrorReply } from 'redis';
import { AppError } from '../shared/errors.js';

/** How long a client should wait before trying again when the store is down (Retry-After). */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * A store that cannot be reached (connection down, command past its deadline) is an outage, not a
 * bug: it becomes a 503 with Retry-After wherever it reaches HTTP, and the channels answer with an
 * apology. A reply from Redis itself (a wrong type, a script error) stays what it is.
 */
export function storeError(error: unknown): unknown {
  if (error instanceof ErrorReply || error instanceof AppError) return error;
  return new AppError('ServiceUnavailable', 'The state store did not answer in time; try again in a few seconds', {
    status: 503,
    cause: error,
    details: { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
  });
}

/** Deadline of one store operation when none is given (REDIS_COMMAND_TIMEOUT_MS). */
export const DEFAULT_STORE_DEADLINE_MS = 1000;

class StoreDeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer from the store within ${ms} ms`);
    this.name = 'StoreDeadlineError';
  }
}

/**
 * Runs one store operation with a deadline, turning an outage into that 503 error. The client's
 * own command timeout only covers a command waiting to be sent: once written to a Redis that
 * does not answer (frozen, a network black hole), nothing would end the wait but this.
 */
export async function storeCall<T>(operation: () => Promise<T>, deadlineMs = DEFAULT_STORE_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreDeadlineError(deadlineMs)), deadlineMs);
  });
  try {
    return await Promise.race([operation(), deadline]);
  } catch (error) {
    throw storeError(error);
  } finally {
    clearTimeout(timer);
  }
}
