/**
 * One turn, as a one-way pipeline: understand (once) → interruptions → the pending question →
 * the procedure's answer, a side question or another topic / outside procedures, route → say.
 * It works on copies of the state it is given and returns the new state, the replies and the
 * side effects; loading, saving, replaying and running the effects is the engine shell's job.
 */
import type { ParseResult } from '../../nlu/types.js';
import type { Reply, TurnInput } from '../../shared/conversation.js';
import type { Logger } from '../../shared/logger.js';
import { currentStep } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import { hadSomethingInProgress, isIdleExpired, type ConversationState, type UserState } from '../state.js';
import { appendLine } from '../transcript.js';
import { capabilities, sayMessage, sayText, suggestions, type Effect, type EngineServices, type TurnContext } from '../turn-context.js';
import { inProcedure } from './in-procedure.js';
import { interruption } from './interruptions.js';
import { answerMoreQuestions } from './more-questions.js';
import { answerPending } from './pending.js';
import { route } from './route.js';
import { understand } from './understand.js';

export interface TurnState {
  state: ConversationState;
  user: UserState;
}

export interface TurnResult extends TurnState {
  replies: Reply[];
  effects: Effect[];
  /** The message held a password or a code: the channel must not keep its text. */
  secretAnswer: boolean;
  parse: ParseResult;
}

const NOTHING: ParseResult = { text: '', language: 'fr', intent: { name: 'out_of_scope', confidence: 0 }, ranking: [], entities: [] };

function contextFor(services: EngineServices, input: TurnInput, { state, user }: TurnState, now: Date, log: Logger): TurnContext {
  return {
    services,
    input,
    text: input.text.trim(),
    now,
    state,
    user,
    parse: { ...NOTHING, language: state.language },
    act: { kind: 'statement' },
    secrets: new Map(),
    replies: [],
    effects: [],
    log,
    secretAnswer: false,
  };
}

export async function runTurn(services: EngineServices, input: TurnInput, current: TurnState, now: Date, log: Logger): Promise<TurnResult> {
  const ctx = contextFor(services, input, current, now, log);
  expireIfIdle(ctx);
  if (!ctx.text) {
    const waiting = currentStep(ctx);
    if (waiting) prompt(ctx, waiting.step, 'reprompt');
    else sayMessage(ctx, 'notUnderstood', undefined, capabilities(ctx));
  } else {
    understand(ctx);
    await respond(ctx);
  }
  return finish(ctx, true);
}

async function respond(ctx: TurnContext): Promise<void> {
  if (await interruption(ctx)) return;
  if (await answerPending(ctx)) return;
  const waiting = currentStep(ctx);
  if (waiting) {
    await inProcedure(ctx, waiting);
    return;
  }
  const before = ctx.state.lastAnswer;
  await route(ctx);
  const answered = ctx.state.lastAnswer;
  if (answered && answered !== before && ctx.act.kind === 'question' && !currentStep(ctx)) answerMoreQuestions(ctx, answered);
}

/** The first messages of a conversation, and the question it was waiting on, if any. */
export function runWelcome(services: EngineServices, input: TurnInput, current: TurnState, now: Date, log: Logger): TurnResult {
  const ctx = contextFor(services, input, current, now, log);
  expireIfIdle(ctx);
  const { welcome } = services.catalog.assistant;
  welcome.say.forEach((t, i) => sayText(ctx, t, undefined, i === welcome.say.length - 1 ? suggestions(ctx, welcome.suggestions) : undefined));
  const waiting = currentStep(ctx);
  if (waiting) prompt(ctx, waiting.step, 'resume');
  return finish(ctx, false);
}

/** Forgets an idle conversation (keeping its language) and says so when something was going on. */
function expireIfIdle(ctx: TurnContext): void {
  const { idleMinutes } = ctx.services;
  if (!isIdleExpired(ctx.state, ctx.now, idleMinutes)) return;
  const was = hadSomethingInProgress(ctx.state);
  ctx.log.info({ event: 'engine.conversation.idle_reset', hadProgress: was }, 'idle conversation starts over');
  const { id, v, language, createdAt, lastActivityAt, turn, transcript } = ctx.state;
  ctx.state = { id, v, language, createdAt, lastActivityAt, turn, transcript, stack: [], slots: {}, misunderstood: 0 };
  if (was) sayMessage(ctx, 'idleReset', { minutes: idleMinutes });
}

/**
 * The "say" stage: the person's line and the replies go to the (redacted) transcript, and only the
 * last reply carries buttons, as Web Chat and Teams only show those of the last message: buttons of
 * an answer given on the way ("Reprenons : …") would otherwise lead away from the question asked.
 */
function finish(ctx: TurnContext, withUserLine: boolean): TurnResult {
  const limit = ctx.services.catalog.assistant.limits.transcriptLines;
  const { state } = ctx;
  if (withUserLine) state.transcript = appendLine(state.transcript, { from: 'user', text: ctx.text, at: ctx.now, secret: ctx.secretAnswer }, limit);
  const replies = ctx.replies.filter((r) => r.text || r.suggestedActions?.length);
  // The buttons of the last message (an end step's buttons come as a message without text).
  const actions = replies[replies.length - 1]?.suggestedActions;
  const said: Reply[] = replies.filter((r) => r.text).map(({ suggestedActions: _dropped, ...rest }) => rest);
  const last = said[said.length - 1];
  if (actions && last) said[said.length - 1] = { ...last, suggestedActions: actions };
  else if (actions) said.push({ text: '', language: state.language, suggestedActions: actions });
  for (const reply of said) if (reply.text) state.transcript = appendLine(state.transcript, { from: 'bot', text: reply.text, at: ctx.now }, limit);
  state.turn += 1;
  state.lastActivityAt = ctx.now.toISOString();
  if (seenLongAgo(ctx.user.lastSeenAt, ctx.now)) ctx.user.lastSeenAt = ctx.now.toISOString();
  ctx.user.language = state.language;
  return { state, user: ctx.user, replies: said, effects: ctx.effects, secretAnswer: ctx.secretAnswer, parse: ctx.parse };
}

/**
 * The person's last visit is kept to the hour: their state (shared by their conversations, in
 * another place than the conversation's with Redis) then changes, and is written, when something
 * in it changes, not on every turn. It still lives its full time after their last hour of use.
 */
const SEEN_PRECISION_MS = 3_600_000;

function seenLongAgo(lastSeenAt: string | undefined, now: Date): boolean {
  return lastSeenAt === undefined || !(now.getTime() - Date.parse(lastSeenAt) < SEEN_PRECISION_MS);
}
