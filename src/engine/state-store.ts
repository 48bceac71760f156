/**
 * Reads and writes the conversation and user state through the Storage interface, with eTags:
 * a write made from a stale read is refused (ETagConflictError) and the engine replays the turn on
 * the fresh state. Within one process, turns of the same conversation are also queued one after
 * the other, so conflicts only arise between instances sharing Redis.
 */
import type { Storage, StoreItem } from '../state/storage.js';
import { isConversationState, isUserState, type ConversationState, type UserState } from './state.js';

export interface StateKeys {
  conversation: string;
  user: string;
}

export interface LoadedState {
  conversation?: ConversationState;
  user?: UserState;
  /** eTags of what was read; absent for a first write. */
  eTags: { conversation?: string; user?: string };
}

export interface StateStore {
  keys(channel: string, conversationId: string, userId: string): StateKeys;
  load(keys: StateKeys): Promise<LoadedState>;
  /** Writes both states at once; rejects with ETagConflictError when either changed since load. */
  save(keys: StateKeys, loaded: LoadedState, conversation: ConversationState, user: UserState): Promise<void>;
}

function strip(item: StoreItem | undefined): { value: unknown; eTag?: string } {
  if (!item) return { value: undefined };
  const { eTag, ...rest } = item;
  return eTag === undefined ? { value: rest } : { value: rest, eTag };
}

export function createStateStore(storage: Storage, options: { prefix?: string } = {}): StateStore {
  const prefix = options.prefix ?? 'engine';
  return {
    keys: (channel, conversationId, userId) => ({
      conversation: `${prefix}/conversation/${channel}/${conversationId}`,
      user: `${prefix}/user/${channel}/${userId}`,
    }),
    async load(keys) {
      const items = await storage.read([keys.conversation, keys.user]);
      const conversation = strip(items[keys.conversation]);
      const user = strip(items[keys.user]);
      return {
        ...(isConversationState(conversation.value) ? { conversation: conversation.value } : {}),
        ...(isUserState(user.value) ? { user: user.value } : {}),
        eTags: {
          ...(conversation.eTag ? { conversation: conversation.eTag } : {}),
          ...(user.eTag ? { user: user.eTag } : {}),
        },
      };
    },
    async save(keys, loaded, conversation, user) {
      // An absent eTag on a key that exists would overwrite blindly; botbuilder's convention is the
      // same, and a first write has nothing to protect.
      await storage.write({
        [keys.conversation]: { ...conversation, ...(loaded.eTags.conversation ? { eTag: loaded.eTags.conversation } : {}) },
        [keys.user]: { ...user, ...(loaded.eTags.user ? { eTag: loaded.eTags.user } : {}) },
      });
    },
  };
}

/** Runs tasks with the same key one after the other (in this process), others in parallel. */
export function createKeyedQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
