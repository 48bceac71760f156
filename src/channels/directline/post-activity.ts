/**
 * What happens to an activity a client posts, holding its conversation (the router runs this in
 * `locks.run`): a retry of an activity already stored gets the first one's id; otherwise the engine
 * answers, and the message and its answer are stored together (with Redis, in the same commit as
 * the engine's state: a process killed mid-turn leaves nothing, and the client's retry runs the turn
 * once). A conversation holds at most `maxActivities`; then it says it is full.
 */
import type { Clock } from '../../shared/clock.js';
import type { Reply, TurnInput } from '../../shared/conversation.js';
import type { Logger } from '../../shared/logger.js';
import { CONVERSATION_FULL_REPLY, type TurnRunner } from '../shared/index.js';
import type { Caller } from './auth.js';
import { CHANNEL, type ConversationLife } from './conversation-life.js';
import type { ConversationRecord, ConversationStore } from './conversation-store.js';
import { easyReadOf, storedForm, type IncomingActivity } from './requests.js';
import { userEntry } from './stored-activity.js';

/** What a secret answer (password, one-time code) shows as in the stored conversation. */
export const SECRET_MASK = '••••••••';

/** Room kept for one turn's messages: a conversation this close to its limit is full. */
const TURN_ROOM = 10;

export interface ActivityHandlerOptions {
  conversations: ConversationStore;
  life: ConversationLife;
  runner: TurnRunner;
  logger: Logger;
  clock: Clock;
  maxActivities: number;
  /** Wraps the engine's turn (the typing indicator on streams while it runs). */
  whileTurn: <T>(conversationId: string, turn: () => Promise<T>) => Promise<T>;
}

/** The activity's id, or `full` when the conversation reached its size limit (409). */
export type Handled = { id: string } | { full: true };

export function createActivityHandler(options: ActivityHandlerOptions) {
  const { conversations, life, runner, clock } = options;
  const log = options.logger.child({ component: 'directline' });

  async function full(record: ConversationRecord): Promise<Handled> {
    if (!record.full) {
      const marked: ConversationRecord = { ...record, full: true };
      await conversations.update(marked);
      await life.storeReplies(marked, [CONVERSATION_FULL_REPLY]);
      log.warn({ event: 'directline.conversation.full', conversationId: record.id }, 'conversation reached its size limit');
    }
    return { full: true };
  }

  return async function handle(caller: Caller, conversationId: string, incoming: IncomingActivity): Promise<Handled> {
    const received = clock.now();
    const { record, restarted } = await life.open(caller, conversationId, { welcome: false });
    if (incoming.type === 'typing') {
      if (restarted) await life.storeReplies(record, await life.restartReplies(record));
      return { id: `${conversationId}|typing` };
    }
    // Sent again (a client retrying after a timeout): stored once, answered once.
    const clientKey = incoming.clientId ? `${incoming.from.id}|${incoming.clientId}` : undefined;
    const sent = clientKey ? await conversations.findSent(conversationId, clientKey) : undefined;
    if (sent) {
      log.info({ event: 'directline.activity.redelivered', conversationId }, 'activity received again: answered with its first id');
      return { id: sent };
    }
    if ((await conversations.size(conversationId)) >= options.maxActivities - TURN_ROOM) return full(record);

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
    // whether this message answers such a question (and the turn may find out it was one).
    let secret = input ? await runner.expectsSecret(input) : false;
    let replies: Reply[] = [];
    if (restarted) {
      // Its history was lost: the message cannot be understood without it. Say so, and start again.
      replies = await life.restartReplies(record);
    } else if (input) {
      const result = await options.whileTurn(conversationId, () => runner.turn(input));
      replies = result.replies;
      secret ||= result.inputWasSecret;
    }
    const form = storedForm(incoming);
    // The stored message shows dots, as a password field does.
    const message = userEntry(record, secret ? { ...form, text: SECRET_MASK } : form, received, clientKey);
    return { id: await life.storeExchange(record, message, replies) };
  };
}

export type ActivityHandler = ReturnType<typeof createActivityHandler>;
