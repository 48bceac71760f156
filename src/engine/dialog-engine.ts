/**
 * The dialog engine behind every channel: loads the conversation and user state, understands the
 * message, runs the procedure or answers, and saves the state (eTag-checked), then runs the side
 * effects (handoff request, feedback). A turn that throws gets a French apology and leaves the
 * saved state as it was, so the person can simply try again.
 */
import type { BackendClient } from '../backend/client/types.js';
import type { HandoffQueue } from '../handoff/types.js';
import type { FeedbackStore, KnowledgeBase } from '../knowledge/types.js';
import type { Nlu, Validator } from '../nlu/types.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { cryptoIds, type IdSource } from '../shared/ids.js';
import { createSilentLogger, type Logger } from '../shared/logger.js';
import { ETagConflictError, type Storage } from '../state/storage.js';
import { createCopyRenderer } from './copy.js';
import { currentStep, expectationFor, prompt } from './flow-runner.js';
import { loadDialogs, type DialogCatalog } from './loader.js';
import { LOCAL_VALIDATORS } from './local-validators.js';
import { expectationOf, processTurn, wordCount } from './router.js';
import { createKeyedQueue, createStateStore, type LoadedState, type StateKeys } from './state-store.js';
import { hadSomethingInProgress, isIdleExpired, newConversationState, newUserState, type ConversationState, type UserState } from './state.js';
import { appendLine } from './transcript.js';
import { message, sayMessage, sayText, suggestions, type EngineServices, type TurnContext } from './turn-context.js';
import type { Engine, Language, Reply, TurnInput, TurnOutput } from '../shared/conversation.js';

export interface DialogEngineOptions {
  nlu: Nlu;
  /** The NLU's validators by entity type; the engine adds its own (passwords, access code…). */
  validators?: Readonly<Record<string, Validator>>;
  knowledge: KnowledgeBase;
  feedback: FeedbackStore;
  backend: BackendClient;
  handoffs: HandoffQueue;
  storage: Storage;
  clock?: Clock;
  logger?: Logger;
  ids?: IdSource;
  /** A conversation idle this long starts over (config.conversation.idleMinutes). */
  idleMinutes?: number;
  /** Already loaded dialogs; by default they are loaded (and checked) from dialogsDir. */
  catalog?: DialogCatalog;
  dialogsDir?: string;
  /** The NLU's intents; when given, the dialogs may only name these. */
  intents?: readonly string[];
  /** How many times a turn is replayed when another instance wrote the state meanwhile. */
  maxConflictRetries?: number;
}

export interface DialogEngine extends Engine {
  readonly catalog: DialogCatalog;
}

const DEFAULT_IDLE_MINUTES = 30;

export function createDialogEngine(options: DialogEngineOptions): DialogEngine {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createSilentLogger();
  const ids = options.ids ?? cryptoIds;
  const idleMinutes = options.idleMinutes ?? DEFAULT_IDLE_MINUTES;
  const maxRetries = options.maxConflictRetries ?? 3;
  const validators = new Map<string, Validator>(Object.entries(LOCAL_VALIDATORS));
  for (const [name, v] of Object.entries(options.validators ?? {})) validators.set(name, v);

  const catalog =
    options.catalog ??
    loadDialogs({
      ...(options.dialogsDir ? { dir: options.dialogsDir } : {}),
      validators: validators.keys(),
      ...(options.intents ? { intents: options.intents } : {}),
      hasFact: (ref) => options.knowledge.fact(ref) !== undefined,
    });
  const services: EngineServices = {
    nlu: options.nlu,
    validators,
    knowledge: options.knowledge,
    backend: options.backend,
    catalog,
    copy: createCopyRenderer(catalog.assistant, options.knowledge),
    idleMinutes,
  };
  const nluTerms = options.nlu.terms?.bind(options.nlu);
  // One function for the engine's life: the knowledge base keeps its FAQ index per reader.
  if (nluTerms) services.terms = (text, language) => nluTerms(text, language);
  const store = createStateStore(options.storage);
  const queue = createKeyedQueue();
  const limits = catalog.assistant.limits;

  const languageOf = (user: UserState | undefined, locale: string | undefined): Language =>
    user?.language ?? (locale?.toLowerCase().startsWith('en') ? 'en' : 'fr');

  /** Loads the state, runs `work` on it, saves; replays on an eTag conflict. */
  async function withState(
    input: Omit<TurnInput, 'text'> & { text?: string },
    work: (ctx: TurnContext) => Promise<void>,
  ): Promise<TurnOutput> {
    const keys: StateKeys = store.keys(input.channel, input.conversationId, input.userId);
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let loaded: LoadedState;
      try {
        loaded = await store.load(keys);
      } catch (error) {
        logger.error({ event: 'engine.state.read_failed', err: error, conversationId: input.conversationId }, 'state read failed');
        return { replies: [apology(languageOf(undefined, input.locale))] };
      }
      const now = clock.now();
      // Storage hands out fresh copies (parsed JSON): the turn may change them in place.
      const user: UserState = loaded.user ?? newUserState();
      const fresh = !loaded.conversation;
      const state: ConversationState = loaded.conversation ?? newConversationState(ids.random(12), now, languageOf(user, input.locale));
      if (fresh) user.conversations += 1;
      const log = logger.child({ conversationId: input.conversationId, channel: input.channel, turn: state.turn + 1 });
      const ctx: TurnContext = {
        services,
        input: { ...input, text: input.text ?? '' },
        text: (input.text ?? '').trim(),
        now,
        state,
        user,
        parse: { text: '', language: state.language, intent: { name: 'out_of_scope', confidence: 0 }, ranking: [], entities: [] },
        secrets: new Map(),
        replies: [],
        effects: [],
        log,
        secretAnswer: false,
      };
      try {
        await work(ctx);
      } catch (error) {
        log.error({ event: 'engine.turn.failed', err: error }, 'turn failed; state kept as it was');
        return { replies: [apology(state.language)] };
      }
      ctx.state.turn += 1;
      ctx.state.lastActivityAt = now.toISOString();
      for (const reply of ctx.replies) {
        if (reply.text) ctx.state.transcript = appendLine(ctx.state.transcript, { from: 'bot', text: reply.text, at: now }, limits.transcriptLines);
      }
      ctx.user.lastSeenAt = now.toISOString();
      ctx.user.language = ctx.state.language;
      try {
        await store.save(keys, loaded, ctx.state, ctx.user);
      } catch (error) {
        if (error instanceof ETagConflictError && attempt < maxRetries) {
          log.warn({ event: 'engine.state.conflict', attempt: attempt + 1 }, 'state changed meanwhile; replaying the turn');
          continue;
        }
        log.error({ event: error instanceof ETagConflictError ? 'engine.state.conflict_gave_up' : 'engine.state.write_failed', err: error }, 'state not saved');
        return { replies: [reply(state.language, message(ctx, error instanceof ETagConflictError ? 'busy' : 'error'))] };
      }
      const handoff = await runEffects(ctx);
      log.info(
        {
          event: 'engine.turn',
          intent: ctx.parse.intent.name,
          confidence: Math.round(ctx.parse.intent.confidence * 1000) / 1000,
          procedure: ctx.state.stack[ctx.state.stack.length - 1]?.procedure,
          step: ctx.state.stack[ctx.state.stack.length - 1]?.step,
          replies: ctx.replies.length,
          ms: Math.round((performance.now() - started) * 100) / 100,
        },
        'turn handled',
      );
      return {
        replies: ctx.replies.filter((r) => r.text || r.suggestedActions?.length),
        ...(handoff ? { handoff: true } : {}),
        ...(ctx.secretAnswer ? { inputWasSecret: true } : {}),
      };
    }
  }

  async function runEffects(ctx: TurnContext): Promise<boolean> {
    let handoff = false;
    for (const effect of ctx.effects) {
      try {
        if (effect.kind === 'feedback') {
          await options.feedback.record(effect.entryId, effect.helpful);
          continue;
        }
        const request = await options.handoffs.create({
          conversationId: ctx.input.conversationId,
          channel: ctx.input.channel,
          topic: effect.topic,
          reason: effect.reason,
          transcript: ctx.state.transcript,
        });
        handoff = true;
        ctx.log.info({ event: 'engine.handoff.created', handoffId: request.id, topic: effect.topic, reason: effect.reason }, 'handoff requested');
      } catch (error) {
        ctx.log.error({ event: `engine.${effect.kind}.failed`, err: error }, 'side effect failed');
        if (effect.kind === 'handoff') {
          const helpline = catalog.assistant.helplines[effect.helpline];
          const text = message(ctx, 'handoffFailed', { helpline: helpline ? services.copy.text(helpline, { language: ctx.state.language, now: ctx.now, slots: {} }) : '' });
          ctx.replies[effect.replyIndex] = reply(ctx.state.language, text);
        }
      }
    }
    return handoff;
  }

  function reply(language: Language, text: string): Reply {
    return { text, language };
  }
  function apology(language: Language): Reply {
    const t = catalog.assistant.messages.error;
    return reply(language, t ? t[language] : 'Désolé, un incident technique m’empêche de répondre. Réessayez dans un instant.');
  }

  /** Forgets an idle conversation (keeping its language) and says so when something was going on. */
  function expireIfIdle(ctx: TurnContext): void {
    if (!isIdleExpired(ctx.state, ctx.now, idleMinutes)) return;
    const was = hadSomethingInProgress(ctx.state);
    ctx.log.info({ event: 'engine.conversation.idle_reset', hadProgress: was }, 'idle conversation starts over');
    Object.assign(ctx.state, { stack: [], slots: {}, misunderstood: 0, pending: undefined, topic: undefined });
    if (was) sayMessage(ctx, 'idleReset', { minutes: idleMinutes });
  }

  return {
    catalog,
    welcome(input) {
      return queue(`${input.channel}/${input.conversationId}`, () =>
        withState(input, (ctx) => {
          expireIfIdle(ctx);
          const { welcome } = catalog.assistant;
          welcome.say.forEach((t, i) => sayText(ctx, t, undefined, i === welcome.say.length - 1 ? suggestions(ctx, welcome.suggestions) : undefined));
          const current = currentStep(ctx);
          if (current) prompt(ctx, current.step, 'resume');
          return Promise.resolve();
        }),
      );
    },
    handleTurn(input) {
      return queue(`${input.channel}/${input.conversationId}`, () =>
        withState(input, async (ctx) => {
          expireIfIdle(ctx);
          const current = currentStep(ctx);
          ctx.secretAnswer = !ctx.state.pending && current?.step.type === 'ask' && current.step.secret === true;
          const expect = expectationOf(ctx);
          ctx.parse = services.nlu.parse(ctx.text, expect ? { expect } : {});
          followLanguage(ctx, current !== undefined && expect !== undefined && expectationFor(ctx, current.step).kind !== 'choice');
          ctx.state.transcript = appendLine(ctx.state.transcript, { from: 'user', text: ctx.text, at: ctx.now, secret: ctx.secretAnswer }, limits.transcriptLines);
          await processTurn(ctx);
        }),
      );
    },
  };
}

/**
 * Replies follow the language the person writes in. A one-word answer ("ok", a number) says
 * little about it, and an answer to a question of a procedure keeps the language it was asked in.
 */
function followLanguage(ctx: TurnContext, answeringEntity: boolean): void {
  if (ctx.secretAnswer || ctx.parse.language === ctx.state.language) return;
  const greeting = ctx.parse.intent.name === 'greeting';
  if (wordCount(ctx.text) < 2 && !greeting) return;
  if (answeringEntity && ctx.parse.entities.length > 0) return;
  ctx.state.language = ctx.parse.language;
  ctx.user.language = ctx.parse.language;
}
