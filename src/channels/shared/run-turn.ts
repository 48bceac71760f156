import { performance } from 'node:perf_hooks';
import type { LiveRelay } from '../../handoff/types.js';
import type { ChannelName, Engine, Reply, TurnInput, TurnOutput } from '../../shared/conversation.js';
import type { Logger } from '../../shared/logger.js';

/** Where turn counts and durations go (Prometheus in the server); optional. */
export interface TurnMetrics {
  record(channel: ChannelName, outcome: 'ok' | 'error', seconds: number): void;
}

/**
 * What every channel says when a turn fails: the engine keeps its state (nothing is reset), so
 * the person can simply try again.
 */
export const TURN_ERROR_REPLY: Reply = {
  text:
    "Désolé, un problème technique m'empêche de vous répondre pour le moment. " +
    'Votre conversation est conservée : vous pouvez réessayer dans quelques instants ou reformuler votre question.',
  language: 'fr',
};

export interface TurnResult {
  replies: Reply[];
  /** The message was a password or a one-time code: the channel must not keep its text. */
  inputWasSecret: boolean;
  /** The message went to the advisor answering this conversation live: no reply from the assistant. */
  relayed?: true;
}

export interface TurnRunner {
  /**
   * Handles one message; never throws: a failure becomes TURN_ERROR_REPLY. While an advisor
   * answers the conversation live, the message goes to the advisor and the engine is not called.
   */
  turn(input: TurnInput): Promise<TurnResult>;
  /** The first messages of a conversation; never throws either. */
  welcome(input: Omit<TurnInput, 'text'>): Promise<Reply[]>;
}

export interface TurnRunnerOptions {
  engine: Engine;
  logger: Logger;
  metrics?: TurnMetrics;
  /** The live exchange with advisors; without it every message goes to the engine. */
  live?: LiveRelay;
}

/**
 * The one place where channels call the engine: a child logger per turn (no raw text above
 * debug), metrics, and the turn error handler that answers in French instead of failing.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnRunner {
  const { engine, logger, metrics, live } = options;

  async function run(kind: 'turn' | 'welcome', input: Omit<TurnInput, 'text'> & { text?: string }, call: () => Promise<TurnOutput>): Promise<{ replies: Reply[]; inputWasSecret: boolean }> {
    const log = logger.child({ conversationId: input.conversationId, channel: input.channel });
    const started = performance.now();
    try {
      const output = await call();
      const inputWasSecret = output.inputWasSecret === true;
      const seconds = (performance.now() - started) / 1000;
      metrics?.record(input.channel, 'ok', seconds);
      // Logged once the engine has said whether the text was a secret: a password never reaches the
      // logs, even at debug level (redaction cannot recognise a password by its shape).
      if (input.text !== undefined) {
        log.debug({ event: 'turn.input', text: inputWasSecret ? '[secret]' : input.text, hasValue: input.value !== undefined }, 'turn input');
      }
      log.info({ event: `${kind}.handled`, replies: output.replies.length, durationMs: Math.round(seconds * 1000) }, `${kind} handled`);
      return { replies: output.replies, inputWasSecret };
    } catch (error) {
      metrics?.record(input.channel, 'error', (performance.now() - started) / 1000);
      // Whether the text was a secret is unknown when the engine failed: it is not logged.
      if (input.text !== undefined) log.debug({ event: 'turn.input', text: '[not logged: the turn failed]', hasValue: input.value !== undefined }, 'turn input');
      log.error({ event: `${kind}.failed`, err: error }, `${kind} failed`);
      return { replies: [TURN_ERROR_REPLY], inputWasSecret: false };
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
    turn: async (input) => ((await relay(input)) ? { replies: [], inputWasSecret: false, relayed: true } : run('turn', input, () => engine.handleTurn(input))),
    welcome: async (input) => (await run('welcome', input, () => engine.welcome(input))).replies,
  };
}
