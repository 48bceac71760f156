/**
 * Everything one turn works with, and the small helpers that add replies to it. A turn mutates its
 * own copy of the state; the engine saves it only when the turn finished without error.
 */
import type { BackendClient } from '../backend/client/types.js';
import type { AdvisorPresence } from '../handoff/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { DialogueAct, Nlu, ParseResult, Validator } from '../nlu/types.js';
import type { Language, Reply, SuggestedAction, TurnInput } from '../shared/conversation.js';
import type { Logger } from '../shared/logger.js';
import type { CopyRenderer } from './copy.js';
import type { Suggestion, Text } from './definitions.js';
import type { DialogCatalog } from './loader.js';
import type { MessageKey } from './messages.js';
import type { Current } from './procedures/current.js';
import type { AnswerReplies } from './render-answer.js';
import type { Sealer } from './seal.js';
import type { ConversationState, UserState } from './state.js';

export interface EngineServices {
  nlu: Nlu;
  validators: ReadonlyMap<string, Validator>;
  knowledge: KnowledgeBase;
  /** The knowledge base's answers as chat replies (with the feedback question when asked). */
  answers: AnswerReplies;
  backend: BackendClient;
  catalog: DialogCatalog;
  copy: CopyRenderer;
  idleMinutes: number;
  sealer: Sealer;
  /** Whether an advisor can answer live now; absent: requests are callbacks. */
  presence?: AdvisorPresence;
  /** The commands that work at every step ("recommencer"), as the NLU reads options. */
  commands: Array<{ id: string; synonyms: string[] }>;
  /** The NLU's reading of words (normalised, stemmed), for the FAQ match; absent with fakes. */
  terms?: (text: string, language: Language) => string[];
}

/** Side effects run once the state is saved, so that a replayed turn does not repeat them. */
export type Effect =
  | {
      kind: 'handoff';
      reason: string;
      topic: string;
      subject: string;
      mode: 'live' | 'callback';
      contact?: { kind: 'phone' | 'email'; value: string; when?: string; consentAt: string };
      helpline: string;
      /** The reply that announces it. */
      replyIndex: number;
    }
  | { kind: 'feedback'; entryId: string; helpful: boolean };

export interface TurnContext {
  services: EngineServices;
  input: TurnInput;
  text: string;
  now: Date;
  state: ConversationState;
  user: UserState;
  /** The step waiting for this message's answer, if a procedure runs (set by `understand`). */
  current?: Current;
  /** The message understood once, with what the current step or pending question expects. */
  parse: ParseResult;
  /** The kind of message: question, request, complaint, correction… */
  act: DialogueAct;
  /** Passwords and one-time codes given this turn; never saved in clear. */
  secrets: Map<string, string>;
  replies: Reply[];
  effects: Effect[];
  log: Logger;
  /** On the turn that starts a procedure: the sentence that started it (routes). */
  opening?: ParseResult;
  /** The person's message held a secret (a password, a code) and must not be kept by the channel. */
  secretAnswer: boolean;
}

export function copyContext(ctx: TurnContext, vars?: Record<string, unknown>) {
  return { language: ctx.state.language, now: ctx.now, slots: ctx.state.slots, ...(vars ? { vars } : {}) };
}

export function say(ctx: TurnContext, text: string, suggestedActions?: SuggestedAction[]): void {
  if (!text) return;
  ctx.replies.push({
    text,
    language: ctx.state.language,
    ...(suggestedActions && suggestedActions.length > 0 ? { suggestedActions } : {}),
  });
}

export function sayText(ctx: TurnContext, text: Text, vars?: Record<string, unknown>, suggestedActions?: SuggestedAction[]): void {
  say(ctx, ctx.services.copy.text(text, copyContext(ctx, vars)), suggestedActions);
}

export function sayMessage(ctx: TurnContext, key: MessageKey, vars?: Record<string, unknown>, suggestedActions?: SuggestedAction[]): void {
  say(ctx, ctx.services.copy.message(key, copyContext(ctx, vars)), suggestedActions);
}

export function suggestions(ctx: TurnContext, list: Suggestion[]): SuggestedAction[] {
  return ctx.services.copy.suggestions(list, copyContext(ctx));
}

export function message(ctx: TurnContext, key: MessageKey, vars?: Record<string, unknown>): string {
  return ctx.services.copy.message(key, copyContext(ctx, vars));
}

export function textOf(ctx: TurnContext, text: Text): string {
  return ctx.services.copy.text(text, { language: ctx.state.language, now: ctx.now, slots: ctx.state.slots });
}

/** A button of assistant.json ("yes", "no", "advisor"…), its title sent back as the message. */
export function button(ctx: TurnContext, name: string): SuggestedAction {
  const b = ctx.services.catalog.assistant.buttons[name];
  if (!b) throw new Error(`assistant.json has no button "${name}"`);
  return { title: textOf(ctx, b.title), value: textOf(ctx, b.value) };
}

export function buttons(ctx: TurnContext, ...names: string[]): SuggestedAction[] {
  return names.map((n) => button(ctx, n));
}

/** What the assistant can do, as buttons. */
export function capabilities(ctx: TurnContext): SuggestedAction[] {
  return suggestions(ctx, ctx.services.catalog.assistant.capabilities);
}
