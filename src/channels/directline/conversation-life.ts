/**
 * How a Direct Line conversation starts, and starts again when its history is lost. A token stays
 * valid 30 minutes whatever happens to the store: when Redis was emptied (FLUSHALL, eviction) or
 * the conversation expired, a request with a valid token must not get an English 404, nor a
 * conversation counting its watermarks from 0 again (a client that kept its watermark would see
 * nothing). The conversation is started again under the same id and user, its watermarks counting
 * from a time (milliseconds, far above any earlier watermark), and it opens with a French notice
 * that the earlier conversation could not be found, then the welcome.
 */
import type { Clock } from '../../shared/clock.js';
import type { Reply } from '../../shared/conversation.js';
import type { Logger } from '../../shared/logger.js';
import { CONVERSATION_LOST_REPLY, renderReplies, type ChannelAccount, type OutgoingMessage, type TurnRunner } from '../shared/index.js';
import type { Caller } from './auth.js';
import type { ConversationRecord, ConversationStore, StoredActivity } from './conversation-store.js';
import { dlError } from './errors.js';

export const CHANNEL = 'directline';

export interface ConversationLifeOptions {
  conversations: ConversationStore;
  runner: TurnRunner;
  clock: Clock;
  logger: Logger;
  bot: ChannelAccount;
  /** Tells the streams that a conversation has new activities. */
  notify: (conversationId: string) => void;
}

export interface Opened {
  record: ConversationRecord;
  /** It was started again just now: its history was lost. */
  restarted: boolean;
}

export interface ConversationLife {
  /** Stores a new conversation; with `welcome`, its first messages too. False when it exists. */
  start(record: ConversationRecord, options: { welcome: boolean }): Promise<boolean>;
  /**
   * The conversation a caller asks for (run it in the conversation's queue). A token's
   * conversation that is gone is started again (`welcome`: with the notice and the welcome now;
   * without, the caller says them after storing what it received); one that was only reserved
   * gets its welcome. The secret's holder gets 404 for a conversation that does not exist.
   */
  open(caller: Caller, id: string, options: { watermark?: number; welcome: boolean; locale?: string }): Promise<Opened>;
  /** The notice that the history was lost, then the welcome. */
  restartMessages(record: ConversationRecord): Promise<OutgoingMessage[]>;
  render(replies: readonly Reply[]): OutgoingMessage[];
  /** Tells the streams that the conversation has new activities. */
  notify(conversationId: string): void;
  /** Stores the assistant's messages after `replyToId` (in order) and tells the streams. */
  appendMessages(record: ConversationRecord, messages: readonly OutgoingMessage[], replyToId: string | undefined): Promise<void>;
}

export function createConversationLife(options: ConversationLifeOptions): ConversationLife {
  const { conversations, runner, clock, bot, notify } = options;
  const log = options.logger.child({ component: 'directline' });
  const render = (replies: readonly Reply[]) => renderReplies(replies, { channel: CHANNEL });

  const welcome = async (record: ConversationRecord) =>
    render(await runner.welcome({ userId: record.userId, conversationId: record.id, channel: CHANNEL, ...(record.locale ? { locale: record.locale } : {}) }));

  async function appendMessages(record: ConversationRecord, messages: readonly OutgoingMessage[], replyToId: string | undefined): Promise<void> {
    for (const message of messages) {
      const activity: StoredActivity = {
        ...message,
        timestamp: clock.now().toISOString(),
        channelId: CHANNEL,
        conversation: { id: record.id },
        from: bot,
        recipient: { id: record.userId, role: 'user' },
        ...(replyToId ? { replyToId } : {}),
      };
      await conversations.append(record, activity);
    }
    if (messages.length > 0) notify(record.id);
  }

  const restartMessages = async (record: ConversationRecord) => [...render([CONVERSATION_LOST_REPLY]), ...(await welcome(record))];

  return {
    async start(record, { welcome: withWelcome }) {
      if (!(await conversations.create(record))) return false;
      if (withWelcome) {
        log.info({ event: 'directline.conversation.started', conversationId: record.id }, 'conversation started');
        await appendMessages(record, await welcome(record), undefined);
      }
      return true;
    },

    async open(caller, id, { watermark, welcome: withWelcome, locale }) {
      const existing = await conversations.get(id);
      if (existing && !existing.reserved) return { record: existing, restarted: false };
      if (existing?.reserved) {
        const { reserved: _reserved, ...started } = existing;
        const record: ConversationRecord = { ...started, ...(locale ? { locale } : {}) };
        await conversations.touch(record);
        log.info({ event: 'directline.conversation.started', conversationId: id }, 'conversation started');
        await appendMessages(record, await welcome(record), undefined);
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
        // Another instance started it again at the same moment: use theirs.
        const theirs = await conversations.get(id);
        if (theirs) return { record: theirs, restarted: false };
      }
      log.warn({ event: 'directline.conversation.restarted', conversationId: id }, 'conversation not found for a valid token: started again');
      if (withWelcome) await appendMessages(record, await restartMessages(record), undefined);
      return { record, restarted: true };
    },

    restartMessages,
    render,
    notify,
    appendMessages,
  };
}
