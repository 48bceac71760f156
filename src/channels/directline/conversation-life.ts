/**
 * How a Direct Line conversation starts, and starts again when its history is lost. A token stays
 * valid 30 minutes whatever happens to the store: when Redis was emptied (FLUSHALL, eviction) or
 * the conversation expired, a request with a valid token must not get an English 404, nor a
 * conversation counting its watermarks from 0 again (a client that kept its watermark would see
 * nothing). The conversation is started again under the same id and user, its watermarks counting
 * from a time (milliseconds, far above any earlier watermark), and it opens with a French notice
 * that the earlier conversation could not be found, then the welcome.
 *
 * Every change here is made holding the conversation (the caller runs it in `locks.run`): the
 * streams are told once it has committed.
 */
import type { Clock } from '../../shared/clock.js';
import type { Reply } from '../../shared/conversation.js';
import type { Logger } from '../../shared/logger.js';
import type { ConversationLocks } from '../../state/conversation-lock.js';
import { conversationTag } from '../../state/keys.js';
import { CONVERSATION_LOST_REPLY, type TurnRunner } from '../shared/index.js';
import type { Caller } from './auth.js';
import type { CardShelf } from './card-shelf.js';
import type { ConversationRecord, ConversationStore } from './conversation-store.js';
import { dlError } from './errors.js';
import { advisorEntry, botEntries, CHANNEL, type StoredEntry, type UserEntry } from './stored-activity.js';

export { CHANNEL } from './stored-activity.js';

export interface ConversationLifeOptions {
  conversations: ConversationStore;
  cards: CardShelf;
  locks: ConversationLocks;
  runner: TurnRunner;
  clock: Clock;
  logger: Logger;
  /** Tells the streams that a conversation has new activities. */
  notify: (conversationId: string) => void;
}

export interface Opened {
  record: ConversationRecord;
  /** It was started again just now: its history was lost. */
  restarted: boolean;
}

export interface ConversationLife {
  /** The conversation's hash tag: what `locks.run` is given. */
  tag(conversationId: string): string;
  /** Stores a new conversation; with `welcome`, its first messages too. False when it exists. */
  start(record: ConversationRecord, options: { welcome: boolean }): Promise<boolean>;
  /**
   * The conversation a caller asks for. A token's conversation that is gone is started again
   * (`welcome`: with the notice and the welcome now; without, the caller says them after storing
   * what it received); one that was only reserved gets its welcome. The secret's holder gets 404
   * for a conversation that does not exist.
   */
  open(caller: Caller, id: string, options: { watermark?: number; welcome: boolean; locale?: string }): Promise<Opened>;
  /** The notice that the history was lost, then the welcome. */
  restartReplies(record: ConversationRecord): Promise<Reply[]>;
  /** Stores activities (in order) and tells the streams once the turn commits; their ids. */
  store(record: ConversationRecord, entries: readonly StoredEntry[]): Promise<string[]>;
  /** Stores the assistant's messages that answer nothing (a welcome, a notice). */
  storeReplies(record: ConversationRecord, replies: readonly Reply[]): Promise<string[]>;
  /** Stores the person's message and the replies to it, in one write; the message's id. */
  storeExchange(record: ConversationRecord, message: UserEntry, replies: readonly Reply[]): Promise<string>;
  /** Stores an advisor's message. */
  storeAdvisor(record: ConversationRecord, message: { text: string; fromName: string }): Promise<void>;
}

export function createConversationLife(options: ConversationLifeOptions): ConversationLife {
  const { conversations, runner, clock, locks, cards } = options;
  const log = options.logger.child({ component: 'directline' });
  const tag = (id: string) => conversationTag(CHANNEL, id);

  const welcome = (record: ConversationRecord) =>
    runner.welcome({ userId: record.userId, conversationId: record.id, channel: CHANNEL, ...(record.locale ? { locale: record.locale } : {}) });

  async function store(record: ConversationRecord, entries: readonly StoredEntry[] | ((first: number) => readonly StoredEntry[])): Promise<string[]> {
    if (Array.isArray(entries) && entries.length === 0) return [];
    const ids = await conversations.append(record.id, entries);
    // The streams read what is committed: they are told after the turn's writes.
    locks.afterCommit(tag(record.id), () => options.notify(record.id));
    return ids;
  }
  const storeReplies = async (record: ConversationRecord, replies: readonly Reply[]) => store(record, await botEntries(record, replies, clock.now(), cards));

  const restartReplies = async (record: ConversationRecord) => [CONVERSATION_LOST_REPLY, ...(await welcome(record))];

  return {
    tag,
    async start(record, { welcome: withWelcome }) {
      if (!(await conversations.create(record))) return false;
      if (withWelcome) {
        log.info({ event: 'directline.conversation.started', conversationId: record.id }, 'conversation started');
        await storeReplies(record, await welcome(record));
      }
      return true;
    },

    async open(caller, id, { watermark, welcome: withWelcome, locale }) {
      const existing = await conversations.get(id);
      if (existing && !existing.reserved) return { record: existing, restarted: false };
      if (existing?.reserved) {
        const { reserved: _reserved, ...started } = existing;
        const record: ConversationRecord = { ...started, ...(locale ? { locale } : {}) };
        await conversations.update(record);
        log.info({ event: 'directline.conversation.started', conversationId: id }, 'conversation started');
        await storeReplies(record, await welcome(record));
        return { record, restarted: false };
      }
      if (caller.kind !== 'token') throw dlError.notFound('Conversation not found (unknown or expired)');
      const record: ConversationRecord = {
        id,
        userId: caller.claims.userId,
        createdAt: clock.now().toISOString(),
        base: Math.max(clock.now().getTime(), watermark ?? 0),
        ...(locale ? { locale } : {}),
      };
      if (!(await conversations.create(record))) {
        // Started again meanwhile (an older version without the lock): use that one.
        const theirs = await conversations.get(id);
        if (theirs) return { record: theirs, restarted: false };
      }
      log.warn({ event: 'directline.conversation.restarted', conversationId: id }, 'conversation not found for a valid token: started again');
      if (withWelcome) await storeReplies(record, await restartReplies(record));
      return { record, restarted: true };
    },

    restartReplies,
    store,
    storeReplies,
    async storeExchange(record, message, replies) {
      const answers = await botEntries(record, replies, clock.now(), cards);
      const [id] = await store(record, (first) => [message, ...answers.map((a) => ({ ...a, r: first }))]);
      return id!;
    },
    async storeAdvisor(record, message) {
      await store(record, [advisorEntry(record, message, clock.now())]);
    },
  };
}
