import { randomBytes, randomUUID } from 'node:crypto';

/** Something that makes identifiers; injectable so tests can predict them. */
export interface IdSource {
  /** A random, URL-safe identifier with at least `bytes * 8` bits of entropy. */
  random(bytes?: number): string;
  uuid(): string;
}

export const cryptoIds: IdSource = {
  random: (bytes = 16) => randomBytes(bytes).toString('base64url'),
  uuid: () => randomUUID(),
};

/** Predictable identifiers for tests: prefix-1, prefix-2… */
export function createSequentialIds(prefix = 'id'): IdSource {
  let n = 0;
  return {
    random: () => `${prefix}-${++n}`,
    uuid: () => `${prefix}-${++n}`,
  };
}
