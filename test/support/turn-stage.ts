/**
 * One stage of the engine's turn (src/engine/turn/), run alone: the engine's services with fake
 * collaborators (fake-collaborators.ts) on the real dialogs, and a turn context for a message at a
 * given point of a conversation, as the pipeline builds it before any stage ran.
 */
import { createCopyRenderer } from '../../src/engine/copy.js';
import { currentStep } from '../../src/engine/procedures/current.js';
import { LOCAL_VALIDATORS } from '../../src/engine/local-validators.js';
import { createAnswerReplies } from '../../src/engine/render-answer.js';
import { createSealer } from '../../src/engine/seal.js';
import { newConversationState, newUserState, type ConversationState } from '../../src/engine/state.js';
import type { EngineServices, TurnContext } from '../../src/engine/turn-context.js';
import type { Validator } from '../../src/nlu/types.js';
import type { TurnInput } from '../../src/shared/conversation.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { catalogForFakes } from './engine-with-fakes.js';
import { createFakeKnowledge, createFakeNlu, createScriptedBackend, fakeValidators } from './fake-collaborators.js';

export const STAGE_NOW = new Date('2026-03-02T10:00:00Z');

export function stageServices(): EngineServices {
  const catalog = catalogForFakes();
  const knowledge = createFakeKnowledge();
  const copy = createCopyRenderer(catalog.assistant, knowledge);
  const validators = new Map<string, Validator>([...Object.entries(LOCAL_VALIDATORS), ...Object.entries(fakeValidators)]);
  return {
    nlu: createFakeNlu(),
    validators,
    knowledge,
    answers: createAnswerReplies(knowledge, copy, catalog.assistant, () => STAGE_NOW),
    backend: createScriptedBackend(),
    catalog,
    copy,
    idleMinutes: 30,
    sealer: createSealer('stage-test-secret'),
    commands: Object.entries(catalog.assistant.commands).map(([id, c]) => ({ id, synonyms: [...c.synonyms.fr, ...c.synonyms.en] })),
  };
}

/** The context of `text` before any stage: nothing parsed yet, no reply. */
export function stageContext(text: string, options: { state?: Partial<ConversationState>; input?: Partial<TurnInput>; services?: EngineServices } = {}): TurnContext {
  const state = { ...newConversationState('c1', STAGE_NOW, 'fr'), ...options.state };
  return {
    services: options.services ?? stageServices(),
    input: { text, userId: 'u1', conversationId: 'c1', channel: 'test', ...options.input },
    text: text.trim(),
    now: STAGE_NOW,
    state,
    user: newUserState(),
    parse: { text: '', language: state.language, intent: { name: 'out_of_scope', confidence: 0 }, ranking: [], entities: [] },
    act: { kind: 'statement' },
    secrets: new Map(),
    replies: [],
    effects: [],
    log: createSilentLogger(),
    secretAnswer: false,
  };
}

/**
 * The context of `text` as the later stages receive it, without running `understand`: the fake
 * NLU's plain parse, and the waiting step of the running procedure.
 */
export function parsedContext(text: string, options: Parameters<typeof stageContext>[1] = {}): TurnContext {
  const ctx = stageContext(text, options);
  ctx.parse = ctx.services.nlu.parse(ctx.text);
  const current = currentStep(ctx);
  if (current) ctx.current = current;
  return ctx;
}

/** At the step `step` of `procedure`, with the given answers so far. */
export function atStep(procedure: string, step: string, slots: Record<string, unknown> = {}): Partial<ConversationState> {
  return { stack: [{ procedure, step, failures: 0 }], slots };
}

export const texts = (ctx: TurnContext): string[] => ctx.replies.map((r) => r.text);
