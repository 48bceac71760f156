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

/** Runs one store operation, turning an outage into that 503 error. */
export async function storeCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storeError(error);
  }
}
