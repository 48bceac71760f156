/**
 * The dialog engine behind every channel — the shell around the turn pipeline (turn/run-turn.ts):
 * turns of one conversation one at a time (its lock, shared by every instance), the state loaded with its eTag and saved (replayed on
 * the fresh state when another instance wrote meanwhile), then the side effects (handoff request,
 * feedback). A turn that throws gets a French apology and leaves the saved state as it was, so the
 * person can simply try again.
 */
import type { BackendClient } from '../backend/client/types.js';
import type { AdvisorPresence, HandoffQueue } from '../handoff/types.js';
import type { FeedbackStore } from '../feedback/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Nlu, Validator } from '../nlu/types.js';
import { languageOfLocale, type Engine, type Language, type Reply, type TurnInput, type TurnOutput } from '../shared/conversation.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { cryptoIds, type IdSource } from '../shared/ids.js';
import { createSilentLogger, type Logger } from '../shared/logger.js';
import { createLocalLocks, type ConversationLocks } from '../state/conversation-lock.js';
import { ETagConflictError, type Storage } from '../state/storage-contract.js';
import { createCopyRenderer } from './copy.js';
import type { Text } from './definitions.js';
import { loadDialogs, type DialogCatalog } from './loader.js';
import { LOCAL_VALIDATORS } from './local-validators.js';
import type { MessageKey } from './messages.js';
import { currentStep, optionsForNlu, visible } from './procedures/current.js';
import { createAnswerReplies } from './render-answer.js';
import { createSealer } from './seal.js';
import { createStateStore, type LoadedState, type StateKeys } from './state-store.js';
import { newConversationState, newUserState } from './state.js';
import { runTurn, runWelcome, type TurnResult, type TurnState } from './turn/run-turn.js';
import type { EngineServices } from './turn-context.js';

export interface DialogEngineOptions {
  nlu: Nlu;
  /** The NLU's validators by entity type; the engine adds its own (passwords, access code…). */
  validators?: Readonly<Record<string, Validator>>;
  knowledge: KnowledgeBase;
  feedback: FeedbackStore;
  backend: BackendClient;
  handoffs: HandoffQueue;
  /** Whether an advisor can answer live; absent: every request for an advisor is a callback. */
  presence?: AdvisorPresence;
  storage: Storage;
  /**
   * One turn of a conversation at a time, across every instance sharing the store (the server
   * passes the store's locks); default: one at a time in this process.
   */
  locks?: ConversationLocks;
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
  /**
   * Seals secrets given before their question in the state; instances sharing a store must share
   * it (the server derives it from its own secrets). Default: a random key for this process.
   */
  sealSecret?: string;
}

export interface DialogEngine extends Engine {
  readonly catalog: DialogCatalog;
}

const DEFAULT_IDLE_MINUTES = 30;

export function createDialogEngine(options: DialogEngineOptions): DialogEngine {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createSilentLogger();
  const ids = options.ids ?? cryptoIds;
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
  const copy = createCopyRenderer(catalog.assistant, options.knowledge);
  const services: EngineServices = {
    nlu: options.nlu,
    validators,
    knowledge: options.knowledge,
    answers: createAnswerReplies(options.knowledge, copy, catalog.assistant, () => clock.now()),
    backend: options.backend,
    catalog,
    copy,
    idleMinutes: options.idleMinutes ?? DEFAULT_IDLE_MINUTES,
    sealer: createSealer(options.sealSecret),
    commands: Object.entries(catalog.assistant.commands).map(([id, c]) => ({ id, synonyms: [...c.synonyms.fr, ...c.synonyms.en] })),
    ...(options.presence ? { presence: options.presence } : {}),
  };
  const nluTerms = options.nlu.terms?.bind(options.nlu);
  // One function for the engine's life: the knowledge base keeps its FAQ index per reader.
  if (nluTerms) services.terms = (text, language) => nluTerms(text, language);
  const store = createStateStore(options.storage);
  const locks = options.locks ?? createLocalLocks();

  const languageOf = (language: Language | undefined, locale: string | undefined): Language => language ?? languageOfLocale(locale);
  // Read once, plain text (no placeholder to fill when things already went wrong). The apology is
  // the one the channels say too (the server gives them the same message).
  const apologyText = requiredMessage(catalog, 'error');
  const busyText = requiredMessage(catalog, 'busy');
  const apology = (language: Language): Reply => ({ text: apologyText[language], language });
  const busy = (language: Language): Reply => ({ text: busyText[language], language });

  function initial(loaded: LoadedState, input: TurnInput, now: Date): TurnState {
    // Storage hands out fresh copies (parsed JSON): the turn may change them.
    const user = loaded.user ?? newUserState();
    const state = loaded.conversation ?? newConversationState(ids.random(12), now, languageOf(user.language, input.locale));
    if (!loaded.conversation) user.conversations += 1;
    return { state, user };
  }

  /** Loads, runs the turn, saves (replaying on a conflict), then runs the side effects. */
  async function withState(input: TurnInput, run: (state: TurnState, now: Date, log: Logger) => Promise<TurnResult> | TurnResult): Promise<TurnOutput> {
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
      const begin = initial(loaded, input, now);
      const log = logger.child({ conversationId: input.conversationId, channel: input.channel, turn: begin.state.turn + 1 });
      let result: TurnResult;
      try {
        result = await run(begin, now, log);
      } catch (error) {
        log.error({ event: 'engine.turn.failed', err: error }, 'turn failed; state kept as it was');
        return { replies: [apology(begin.state.language)] };
      }
      try {
        await store.save(keys, loaded, result.state, result.user);
      } catch (error) {
        if (error instanceof ETagConflictError && attempt < maxRetries) {
          log.warn({ event: 'engine.state.conflict', attempt: attempt + 1 }, 'state changed meanwhile; replaying the turn');
          continue;
        }
        log.error({ event: error instanceof ETagConflictError ? 'engine.state.conflict_gave_up' : 'engine.state.write_failed', err: error }, 'state not saved');
        return { replies: [error instanceof ETagConflictError ? busy(result.state.language) : apology(result.state.language)] };
      }
      const handoff = await runEffects(input, result, log);
      const frame = result.state.stack[result.state.stack.length - 1];
      log.info(
        {
          event: 'engine.turn',
          intent: result.parse.intent.name,
          kind: result.parse.act?.kind,
          confidence: Math.round(result.parse.intent.confidence * 1000) / 1000,
          procedure: frame?.procedure,
          step: frame?.step,
          replies: result.replies.length,
          ms: Math.round((performance.now() - started) * 100) / 100,
        },
        'turn handled',
      );
      return {
        replies: result.replies,
        ...(handoff ? { handoff: true } : {}),
        ...(result.secretAnswer ? { inputWasSecret: true } : {}),
      };
    }
  }

  async function runEffects(input: TurnInput, result: TurnResult, log: Logger): Promise<boolean> {
    let handoff = false;
    for (const effect of result.effects) {
      try {
        if (effect.kind === 'feedback') {
          await options.feedback.record(effect.entryId, effect.helpful);
          continue;
        }
        const request = await options.handoffs.create({
          conversationId: input.conversationId,
          channel: input.channel,
          topic: effect.topic,
          subject: effect.subject,
          reason: effect.reason,
          mode: effect.mode,
          ...(effect.contact ? { contact: effect.contact } : {}),
          transcript: result.state.transcript,
        });
        handoff = true;
        log.info({ event: 'engine.handoff.created', handoffId: request.id, topic: effect.topic, reason: effect.reason, mode: effect.mode }, 'handoff requested');
      } catch (error) {
        log.error({ event: `engine.${effect.kind}.failed`, err: error }, 'side effect failed');
        if (effect.kind === 'handoff') {
          const helpline = catalog.assistant.helplines[effect.helpline];
          const language = result.state.language;
          const text = services.copy.message('handoffFailed', { language, now: clock.now(), slots: {}, vars: { helpline: helpline ? services.copy.text(helpline, { language, now: clock.now(), slots: {} }) : '' } });
          result.replies[Math.min(effect.replyIndex, result.replies.length - 1)] = { text, language };
        }
      }
    }
    return handoff;
  }

  return {
    catalog,
    welcome(input) {
      const full: TurnInput = { ...input, text: '' };
      return locks.run(store.keys(input.channel, input.conversationId, input.userId).tag, () => withState(full, (state, now, log) => runWelcome(services, full, state, now, log)));
    },
    handleTurn(input) {
      return locks.run(store.keys(input.channel, input.conversationId, input.userId).tag, () => withState(input, (state, now, log) => runTurn(services, input, state, now, log)));
    },
    async expectsSecret(input) {
      // Asked by a channel before it stores a message: is it the answer to a password or code question?
      const conversation = await store.loadConversation(store.keys(input.channel, input.conversationId, input.userId));
      if (!conversation || conversation.pending) return false;
      const waiting = currentStep({ state: conversation, services });
      if (waiting?.step.type !== 'ask' || waiting.step.secret !== true) return false;
      const alternatives = visible({ state: conversation, services }, waiting.step.alternatives ?? []);
      if (alternatives.length === 0) return true;
      const specs = optionsForNlu(alternatives);
      const picked = services.nlu.pick ? services.nlu.pick(input.text, specs) : services.nlu.parse(input.text, { expect: { kind: 'free_text', alternatives: specs } }).alternative;
      return picked === undefined;
    },
  };
}

/** A message the loader requires (messages.ts): its absence is a bug of the loader, said at creation. */
function requiredMessage(catalog: DialogCatalog, key: MessageKey): Text {
  const text = catalog.assistant.messages[key];
  if (!text) throw new Error(`assistant.json has no message "${key}"`);
  return text;
}
