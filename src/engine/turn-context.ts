/**
 * Everything one turn works with, and the small helpers that add replies to it. A turn mutates its
 * own copy of the state; the engine saves it only when the turn finished without error.
 */
import type { BackendClient } from '../backend/client/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Nlu, ParseResult, Validator } from '../nlu/types.js';
import type { Logger } from '../shared/logger.js';
import type { CopyRenderer } from './copy.js';
import type { Suggestion, Text } from './definitions.js';
import type { DialogCatalog, MessageKey } from './loader.js';
import type { ConversationState, UserState } from './state.js';
import type { Language, Reply, SuggestedAction, TurnInput } from '../shared/conversation.js';

export interface EngineServices {
  nlu: Nlu;
  validators: ReadonlyMap<string, Validator>;
  knowledge: KnowledgeBase;
  backend: BackendClient;
  catalog: DialogCatalog;
  copy: CopyRenderer;
  idleMinutes: number;
  /** The NLU's reading of words (normalised, stemmed), for the FAQ match; absent with fakes. */
  terms?: (text: string, language: Language) => string[];
}

/** Side effects run once the state is saved, so that a replayed turn does not repeat them. */
export type Effect =
  | { kind: 'handoff'; reason: string; topic: string; helpline: string; /** The reply that announces it. */ replyIndex: number }
  | { kind: 'feedback'; entryId: string; helpful: boolean };

export interface TurnContext {
  services: EngineServices;
  input: TurnInput;
  text: string;
  now: Date;
  state: ConversationState;
  user: UserState;
  /** The message understood with what the current step expects. */
  parse: ParseResult;
  /** Passwords and one-time codes given this turn; never saved. */
  secrets: Map<string, string>;
  replies: Reply[];
  effects: Effect[];
  log: Logger;
  /** On the turn that starts a procedure: the sentence that started it (routes and pre-fills). */
  opening?: ParseResult;
  /** The person's message is a secret answer and must not be kept. */
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
