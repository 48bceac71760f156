/**
 * What a conversation-state storage promises, shaped exactly like botbuilder's `Storage` interface
 * (read / write / delete with eTag optimistic concurrency) so that botbuilder's own storages fit it
 * too. Kept apart from the memory and Redis implementations (storage.ts) so that the engine depends
 * on the promise, never on a store.
 */
export interface StoreItem {
  /** "*" (or absent) writes unconditionally; any other value must match the stored one. */
  eTag?: string;
  [key: string]: unknown;
}

export type StoreItems = Record<string, StoreItem | undefined>;

export interface Storage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export class ETagConflictError extends Error {
  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}
