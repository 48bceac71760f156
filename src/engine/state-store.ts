/**
 * Reads and writes the conversation and user state through the Storage interface, with eTags:
 * a write made from a stale read is refused (ETagConflictError) and the engine replays the turn on
 * the fresh state. The engine runs each turn holding its conversation (ConversationLocks, one
 * at a time across every instance), so a conflict is the exception: state written from outside
 * the lock, or by an older version.
 *
 * The conversation's key carries the conversation's hash tag, as its lock and its Direct Line log
 * do: with Redis, its write is committed with theirs when the turn ends.
 */
import { conversationTag, escapeKeyPart } from '../state/keys.js';
import type { Storage, StoreItem } from '../state/storage-contract.js';
import { isConversationState, isUserState, type ConversationState, type UserState } from './state.js';

export interface StateKeys {
  /** The conversation's hash tag: what its lock is taken on. */
  tag: string;
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
  /** The conversation's state alone (a look before the turn: one read, not two). */
  loadConversation(keys: StateKeys): Promise<ConversationState | undefined>;
  /**
   * Writes both states at once (the user's only when the turn changed it); rejects with
   * ETagConflictError when either changed since load.
   */
  save(keys: StateKeys, loaded: LoadedState, conversation: ConversationState, user: UserState): Promise<void>;
}

function strip(item: StoreItem | undefined): { value: unknown; eTag?: string } {
  if (!item) return { value: undefined };
  const { eTag, ...rest } = item;
  return eTag === undefined ? { value: rest } : { value: rest, eTag };
}

export function createStateStore(storage: Storage, options: { prefix?: string } = {}): StateStore {
  const prefix = options.prefix ?? 'engine';
  // The user's state as it was read (JSON), by the load it came with: a save leaves it alone when
  // the turn did not change it. It lives apart from the conversation's (another slot with Redis),
  // so that each write of it is a command of its own.
  const userAsRead = new WeakMap<LoadedState, string>();
  return {
    keys(channel, conversationId, userId) {
      const tag = conversationTag(channel, conversationId);
      return { tag, conversation: `${prefix}/conversation/${tag}`, user: `${prefix}/user/${escapeKeyPart(channel)}/${escapeKeyPart(userId)}` };
    },
    async load(keys) {
      const items = await storage.read([keys.conversation, keys.user]);
      const conversation = strip(items[keys.conversation]);
      const user = strip(items[keys.user]);
      const loaded: LoadedState = {
        ...(isConversationState(conversation.value) ? { conversation: conversation.value } : {}),
        ...(isUserState(user.value) ? { user: user.value } : {}),
        eTags: {
          ...(conversation.eTag ? { conversation: conversation.eTag } : {}),
          ...(user.eTag ? { user: user.eTag } : {}),
        },
      };
      if (loaded.user && user.eTag) userAsRead.set(loaded, JSON.stringify(loaded.user));
      return loaded;
    },
    async loadConversation(keys) {
      const { value } = strip((await storage.read([keys.conversation]))[keys.conversation]);
      return isConversationState(value) ? value : undefined;
    },
    async save(keys, loaded, conversation, user) {
      // An absent eTag on a key that exists would overwrite blindly; botbuilder's convention is the
      // same, and a first write has nothing to protect.
      const userChanged = userAsRead.get(loaded) !== JSON.stringify(user);
      await storage.write({
        [keys.conversation]: { ...conversation, ...(loaded.eTags.conversation ? { eTag: loaded.eTags.conversation } : {}) },
        ...(userChanged ? { [keys.user]: { ...user, ...(loaded.eTags.user ? { eTag: loaded.eTags.user } : {}) } } : {}),
      });
    },
  };
}
