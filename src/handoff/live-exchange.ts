/**
 * The live exchange between a person and an advisor. While an advisor has taken a live request
 * of a conversation (and not closed it), the shared turn runner hands the person's messages here
 * instead of to the engine; the advisor's messages are delivered at once into the person's
 * conversation by the channel it belongs to (Direct Line, Bot Framework), signed with the
 * advisor's name. Closing hands the conversation back to the assistant.
 *
 * Lines are kept masked (NIR, birth date, e-mail, phone) in the request; the console is told of
 * new lines at once in this process (subscribe), and reads the store for those written elsewhere.
 */
import { withDeadline } from '../shared/deadline.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { advisorSignature, liveCopy, type AdvisorTitle } from './live-copy.js';
import type { HandoffDesk, HandoffRequest, LiveRelay } from './types.js';

/** Puts a message into a person's conversation, on the channel the conversation lives on. */
export type LiveDelivery = (target: { conversationId: string; channel: string }, message: { text: string; fromName: string }) => Promise<void>;

export interface LiveExchange extends LiveRelay {
  /** `agent` as the advisor typed it (may be empty: "Votre conseillère" then signs). */
  take(id: string, agent: string, title?: AdvisorTitle): Promise<HandoffRequest | undefined>;
  /** The advisor writes; 409 when the request is not a live one taken and open. */
  fromAdvisor(id: string, text: string): Promise<HandoffRequest>;
  close(id: string): Promise<HandoffRequest | undefined>;
  /** Called at once when a line is added to this request in this process; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void;
}

export interface LiveExchangeOptions {
  desk: HandoffDesk;
  logger: Logger;
  /** The channels' delivery (the composition root binds it once the channels exist). */
  deliver: LiveDelivery;
  /** Deadline of the store lookup made at every turn (default 1 s). */
  timeoutMs?: number;
  /** Deadline of a delivery into a conversation (default 5 s): past it, the advisor is told it failed. */
  deliverTimeoutMs?: number;
}

export const MAX_ADVISOR_MESSAGE_CHARS = 2000;

export function createLiveExchange(options: LiveExchangeOptions): LiveExchange {
  const { desk } = options;
  const deliverTimeoutMs = options.deliverTimeoutMs ?? 5000;
  const deliver: LiveDelivery = (target, message) => withDeadline(options.deliver(target, message), deliverTimeoutMs, 'delivery to the conversation');
  const log = options.logger.child({ component: 'handoff.live' });
  const timeoutMs = options.timeoutMs ?? 1000;
  const listeners = new Map<string, Set<() => void>>();
  const notify = (id: string) => {
    for (const listener of listeners.get(id) ?? []) listener();
  };
  const target = (r: HandoffRequest) => ({ conversationId: r.conversationId, channel: r.channel });
  const signature = (r: HandoffRequest) => r.agentName ?? advisorSignature(r.takenBy ?? '');

  /** Announcements (joined, closed) are best effort: the advisor's action stands even if the person is gone. */
  const announce = async (r: HandoffRequest, text: string, event: string) => {
    try {
      await deliver(target(r), { text, fromName: signature(r) });
    } catch (error) {
      log.warn({ event: `handoff.live.${event}_not_delivered`, handoffId: r.id, err: error }, 'announcement not delivered');
    }
  };

  return {
    async relayFromPerson(input) {
      let live: HandoffRequest | undefined;
      try {
        live = await withDeadline(desk.liveFor(input.conversationId), timeoutMs, 'live exchange lookup');
      } catch (error) {
        // Without an answer from the store the engine answers: the person is never left unanswered.
        log.warn({ event: 'handoff.live.lookup_failed', err: error }, 'live exchange lookup failed');
        return false;
      }
      if (!live || !input.text.trim()) return false;
      await withDeadline(desk.addLine(live.id, { from: 'user', text: input.text }), timeoutMs, 'live exchange line');
      log.info({ event: 'handoff.live.from_person', handoffId: live.id }, 'message passed to the advisor');
      notify(live.id);
      return true;
    },

    async take(id, agent, title) {
      const taken = await desk.take(id, agent.trim() || 'conseiller', advisorSignature(agent, title));
      if (taken?.mode === 'live') {
        await announce(taken, liveCopy.joined(signature(taken)), 'joined');
        notify(id);
      }
      return taken;
    },

    async fromAdvisor(id, text) {
      const message = text.trim();
      if (!message || message.length > MAX_ADVISOR_MESSAGE_CHARS) {
        throw new AppError('BadArgument', `text must be 1 to ${MAX_ADVISOR_MESSAGE_CHARS} characters`, { status: 400 });
      }
      const request = await desk.get(id);
      if (!request) throw new AppError('NotFound', 'no such handoff request', { status: 404 });
      if (request.mode !== 'live' || request.status !== 'taken') {
        throw new AppError('Conflict', 'messages go only to a live request that is taken and not closed', { status: 409 });
      }
      try {
        await deliver(target(request), { text: liveCopy.message(signature(request), message), fromName: signature(request) });
      } catch (error) {
        log.error({ event: 'handoff.live.not_delivered', handoffId: id, err: error }, 'advisor message not delivered');
        throw new AppError('DeliveryFailed', "the message could not reach the person's conversation", { status: 502, cause: error });
      }
      await desk.addLine(id, { from: 'agent', text: message });
      notify(id);
      return request;
    },

    async close(id) {
      const before = await desk.get(id);
      const closed = await desk.close(id);
      if (closed && before?.status === 'taken' && before.mode === 'live') await announce(closed, liveCopy.closed(signature(closed)), 'closed');
      if (closed) notify(id);
      return closed;
    },

    subscribe(id, listener) {
      const set = listeners.get(id) ?? new Set<() => void>();
      set.add(listener);
      listeners.set(id, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
  };
}
