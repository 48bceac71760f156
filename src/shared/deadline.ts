import { AppError } from './errors.js';

/**
 * Settles like `promise`, or rejects with a 503 AppError (`deadline_exceeded`) after `ms`: every
 * call to a store or a service gets a deadline, so that a stuck dependency never holds a turn.
 * The work itself is not cancelled; its late result is ignored.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AppError('deadline_exceeded', `${what} took more than ${ms} ms`, { status: 503 })), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
