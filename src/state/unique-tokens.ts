/**
 * Tokens that only need to be unique, not unguessable: eTags and lease owners, made on every turn.
 * A random part drawn once per process (so that two instances never make the same token) followed
 * by a counter: no call into the system's random source per token, which cost more than the rest
 * of the token's use (measured with test/bench/instances-load.ts). Never use them as secrets.
 */
import { randomBytes } from 'node:crypto';

/** Makes tokens of exactly `length` URL-safe characters (at least 12). */
export function createUniqueTokens(length: number): () => string {
  if (!(length >= 12)) throw new RangeError(`createUniqueTokens: length must be at least 12 (got ${length})`);
  // 6 base-36 characters of counter (2 billion tokens before it wraps), the rest drawn once.
  const counterLength = 6;
  const wrap = 36 ** counterLength;
  const prefix = randomBytes(length).toString('base64url').slice(0, length - counterLength);
  let count = 0;
  return () => {
    count = (count + 1) % wrap;
    return prefix + count.toString(36).padStart(counterLength, '0');
  };
}
