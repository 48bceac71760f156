/**
 * What happens to an activity a client posts, in the conversation's queue: stored once (a retry of
 * the same activity gets the first one's id), answered by the engine, the answer stored before the
 * POST returns. A conversation holds at most `maxActivities`; then it says it is full.
 */
import type { TurnInput } from '../../shared/conversation.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { CONVERSATION_FULL_REPLY, type ChannelAccount, type OutgoingMessage, type TurnRunner } from '../shared/index.js';
import type { Delivery, RedeliveryGuard } from '../shared/redelivery.js';
import type { Caller } from './auth.js';
import { CHANNEL, type ConversationLife } from './conversation-life.js';
import type { ConversationRecord, ConversationStore, StoredActivity } from './conversation-store.js';
import { easyReadOf, storedForm, type IncomingActivity } from './requests.js';

/** What a secret answer (password, one-time code) shows as in the stored conversation. */
export const SECRET_MASK = '••••••••';

/** Room kept for one turn's messages: a conversation this close to its limit is full. */
const TURN_ROOM = 10;

export interface ActivityHandlerOptions {
  conversations: ConversationStore;
  life: ConversationLife;
  runner: TurnRunner;
  deliveries: RedeliveryGuard<OutgoingMessage>;
  logger: Logger;
  bot: ChannelAccount;
  timestamp: () => string;
  maxActivities: number;
  /** Wraps the engine's turn (the typing indicator on streams while it runs). */
  whileTurn: <T>(conversationId: string, turn: () => Promise<T>) => Promise<T>;
}

export function createActivityHandler(options: ActivityHandlerOptions) {
  const { conversations, life, runner, deliveries, bot } = options;
  const log = options.logger.child({ component: 'directline' });

  /** A retry of an activity already received: the first one's id, once its answer is stored. */
  async function replay(key: string, claimed: Delivery<OutgoingMessage>, record: ConversationRecord): Promise<string> {
    // Still being handled (on another instance: here, the queue ran the first one to its end).
    const known = claimed.status === 'pending' ? await deliveries.settled(key) : claimed;
    if (!known) {
      throw new AppError('ServiceUnavailable', 'This activity is still being handled: try again in a moment', { status: 503, details: { retryAfterSeconds: 1 } });
    }
    if (known.status === 'answered') {
      // The engine answered but storing its answer failed: store it now, without asking again.
      await life.appendMessages(record, known.replies, known.id);
      await deliveries.record(key, { status: 'done', id: known.id });
    }
    log.info({ event: 'directline.activity.redelivered', conversationId: record.id }, 'activity received again: answered with its first id');
    return known.id;
  }

  async function full(record: ConversationRecord): Promise<never> {
    if (!record.full) {
      const marked: ConversationRecord = { ...record, full: true };
      await conversations.touch(marked);
      await life.appendMessages(marked, life.render([CONVERSATION_FULL_REPLY]), undefined);
      log.warn({ event: 'directline.conversation.full', conversationId: record.id }, 'conversation reached its size limit');
    }
    throw new AppError('Conflict', 'This conversation is full: start a new one', { status: 409 });
  }

  return async function handle(caller: Caller, conversationId: string, incoming: IncomingActivity): Promise<string> {
    const { record, restarted } = await life.open(caller, conversationId, { welcome: false });
    if (incoming.type === 'typing') {
      if (restarted) await life.appendMessages(record, await life.restartMessages(record), undefined);
      return `${conversationId}|typing`;
    }
    const key = incoming.clientId ? `${conversationId}|${incoming.from.id}|${incoming.clientId}` : undefined;
    const claimed = key ? await deliveries.claim(key) : undefined;
    if (key && claimed) return replay(key, claimed, record);

    let answered = false;
    try {
      if ((await conversations.size(record)) >= options.maxActivities - TURN_ROOM) await full(record);
      const easyRead = easyReadOf(incoming);
      const input: TurnInput | undefined =
        incoming.type === 'message' && !restarted
          ? {
              text: incoming.text ?? '',
              userId: incoming.from.id,
              conversationId,
              channel: CHANNEL,
              ...(incoming.value ? { value: incoming.value } : {}),
              ...(incoming.locale ?? record.locale ? { locale: incoming.locale ?? record.locale } : {}),
              ...(easyRead !== undefined ? { easyRead } : {}),
            }
          : undefined;
      // A password or a one-time code is never stored: asked before the turn, the engine says
      // whether this message answers such a question; the stored message then shows dots, as a
      // password field does.
      const secretExpected = input ? await runner.expectsSecret(input) : false;
      const form = storedForm(incoming);
      const stored: StoredActivity = { ...form, ...(secretExpected ? { text: SECRET_MASK } : {}), timestamp: options.timestamp(), channelId: CHANNEL, conversation: { id: conversationId }, recipient: bot };
      const activityId = await conversations.append(record, stored);
      await conversations.touch(record);
      let messages: OutgoingMessage[] = [];
      if (restarted) {
        // Its history was lost: the message cannot be understood without it. Say so, and start again.
        messages = await life.restartMessages(record);
      } else if (input) {
        const { replies, inputWasSecret } = await options.whileTurn(conversationId, () => runner.turn(input));
        // A secret the engine only recognised in the turn (a code typed before it was asked) is
        // masked now; streams are told only after this, so they never carry the text either.
        if (inputWasSecret && !secretExpected) await conversations.replace(record, activityId, { ...stored, text: SECRET_MASK });
        messages = life.render(replies);
      }
      if (key) {
        await deliveries.record(key, { status: 'answered', id: activityId, replies: messages });
        answered = true;
      }
      await life.appendMessages(record, messages, activityId);
      if (messages.length === 0) life.notify(conversationId);
      if (key) await deliveries.record(key, { status: 'done', id: activityId });
      return activityId;
    } catch (error) {
      // Before the engine answered, a retry may try again; after, it replays the stored answer.
      if (key && !answered) await deliveries.release(key).catch(() => undefined);
      throw error;
    }
  };
}

export type ActivityHandler = ReturnType<typeof createActivityHandler>;
