import { performance } from 'node:perf_hooks';
import type { LiveRelay } from '../../handoff/types.js';
import type { ChannelName, Engine, LocalizedText, Reply, TurnInput, TurnOutput } from '../../shared/conversation.js';
import type { Logger } from '../../shared/logger.js';
import { apologyReply, MAX_MESSAGE_CHARS, TOO_LONG_REPLY } from './copy.js';

/** Where turn counts and durations go (Prometheus in the server); optional. */
export interface TurnMetrics {
  record(channel: ChannelName, outcome: 'ok' | 'error' | 'too_long', seconds: number): void;
}

export interface TurnResult {
  replies: Reply[];
  /** The message was a password or a one-time code: the channel must not keep its text. */
  inputWasSecret: boolean;
  /** The message went to the advisor answering this conversation live: no reply from the assistant. */
  relayed?: true;
}

export interface TurnRunner {
  /**
   * Handles one message; never throws: a failure becomes the apology. While an advisor
   * answers the conversation live, the message goes to the advisor and the engine is not called.
   */
  turn(input: TurnInput): Promise<TurnResult>;
  /** The first messages of a conversation; never throws either. */
  welcome(input: Omit<TurnInput, 'text'>): Promise<Reply[]>;
  /**
   * Asked before a message is stored: whether it answers a password or code question. When the
   * engine cannot tell (state unreachable), the answer is yes: better dots than a password kept.
   */
  expectsSecret(input: TurnInput): Promise<boolean>;
}

export interface TurnRunnerOptions {
  engine: Engine;
  /** What a failed turn answers: the engine's apology (dialogs/assistant.json, message 'error'). */
  apology: LocalizedText;
  logger: Logger;
  metrics?: TurnMetrics;
  /** The live exchange with advisors; without it every message goes to the engine. */
  live?: LiveRelay;
}

/**
 * The one place where channels call the engine: a child logger per turn, metrics, the bound on
 * what the engine reads (MAX_MESSAGE_CHARS: longer messages get a French reply without reaching
 * the NLU), and the turn error handler that apologises instead of failing.
 *
 * What the person typed is never logged, at any level: a name or a password typed where it was
 * not asked has no shape that redaction could recognise. Its length is.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnRunner {
  const { engine, apology, logger, metrics, live } = options;

  async function run(kind: 'turn' | 'welcome', input: Omit<TurnInput, 'text'> & { text?: string }, call: () => Promise<TurnOutput>): Promise<{ replies: Reply[]; inputWasSecret: boolean }> {
    const log = logger.child({ conversationId: input.conversationId, channel: input.channel });
    const started = performance.now();
    const described = input.text === undefined ? undefined : { event: 'turn.input', chars: input.text.length, hasValue: input.value !== undefined };
    if (input.text !== undefined && input.text.length > MAX_MESSAGE_CHARS) {
      metrics?.record(input.channel, 'too_long', (performance.now() - started) / 1000);
      log.info({ ...described, event: 'turn.too_long', max: MAX_MESSAGE_CHARS }, 'message too long: not read');
      return { replies: [TOO_LONG_REPLY], inputWasSecret: false };
    }
    try {
      const output = await call();
      const inputWasSecret = output.inputWasSecret === true;
      const seconds = (performance.now() - started) / 1000;
      metrics?.record(input.channel, 'ok', seconds);
      if (described) log.debug({ ...described, secret: inputWasSecret }, 'turn input');
      // The engine logs each turn at info (engine.turn, with its intent and duration): one line a turn is enough.
      log.debug({ event: `${kind}.handled`, replies: output.replies.length, durationMs: Math.round(seconds * 1000) }, `${kind} handled`);
      return { replies: output.replies, inputWasSecret };
    } catch (error) {
      metrics?.record(input.channel, 'error', (performance.now() - started) / 1000);
      if (described) log.debug(described, 'turn input');
      log.error({ event: `${kind}.failed`, err: error }, `${kind} failed`);
      return { replies: [apologyReply(apology, input.locale)], inputWasSecret: false };
    }
  }

  /** True when an advisor took the message; a failure here falls back to the engine, never to silence. */
  async function relay(input: TurnInput): Promise<boolean> {
    if (!live) return false;
    try {
      if (!(await live.relayFromPerson({ conversationId: input.conversationId, channel: input.channel, text: input.text }))) return false;
    } catch (error) {
      logger.child({ conversationId: input.conversationId, channel: input.channel }).error({ event: 'turn.relay_failed', err: error }, 'message not passed to the advisor');
      return false;
    }
    // Not the text: what the person writes to a human is kept masked in the request, not in logs.
    logger.child({ conversationId: input.conversationId, channel: input.channel }).info({ event: 'turn.relayed' }, 'message passed to the advisor');
    return true;
  }

  return {
    // A message too long to read is answered as such, whoever would have read it.
    turn: async (input) => (input.text.length <= MAX_MESSAGE_CHARS && (await relay(input)) ? { replies: [], inputWasSecret: false, relayed: true } : run('turn', input, () => engine.handleTurn(input))),
    welcome: async (input) => (await run('welcome', input, () => engine.welcome(input))).replies,
    expectsSecret: async (input) => {
      if (!engine.expectsSecret) return false;
      try {
        return await engine.expectsSecret(input);
      } catch (error) {
        logger.child({ conversationId: input.conversationId, channel: input.channel }).warn({ event: 'turn.secret_check_failed', err: error }, 'could not tell whether the message is a secret: kept masked');
        return true;
      }
    },
  };
}
