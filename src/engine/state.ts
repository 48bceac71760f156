/**
 * What the engine remembers between turns, per conversation and per user. Plain JSON, stored
 * through the botbuilder-shaped Storage (memory or Redis). Secrets (passwords, one-time codes)
 * never get here: they live in the turn that uses them.
 */
import type { TranscriptLine } from '../handoff/types.js';
import type { Language } from '../shared/conversation.js';

/** One running procedure (sub-dialogs stack on top of their caller). */
export interface Frame {
  procedure: string;
  /** The step waiting for an answer (an ask or a choice). */
  step: string;
  /** Failed answers at this step, for "after 3 failures, offer a human". */
  failures: number;
}

/** A question the assistant asked outside the procedure's steps, awaiting its answer. */
export type Pending =
  | { kind: 'feedback'; entryId: string }
  | { kind: 'switch'; procedure: string; text: string }
  | { kind: 'disambiguation'; intents: [string, string]; text?: string }
  | { kind: 'stuck' }
  | { kind: 'offer_advisor'; reason: string }
  | { kind: 'offer_guide'; procedure: string; text: string }
  | { kind: 'callback'; stage: 'consent' | 'contact' | 'when'; reason: string; topic: string; contact?: { kind: 'phone' | 'email'; value: string }; failures: number };

/** A value the person gave before it was asked ("mon NIR est …, née le …"), by entity type. */
export interface GivenValue {
  value: string;
  /** The turn it was given at: values not used within a few turns are forgotten. */
  turn: number;
}

/** The last answer from the knowledge base, for "plus simplement" (its easy-to-read version). */
export interface LastAnswer {
  entryId: string;
  faqId?: string;
}

export interface ConversationState {
  v: 1;
  /** Random, per conversation: salts the backend idempotency keys. */
  id: string;
  language: Language;
  createdAt: string;
  lastActivityAt: string;
  /** Turns handled so far (part of the backend idempotency keys). */
  turn: number;
  stack: Frame[];
  /** Answers and backend results of the running procedure; cleared when it ends. */
  slots: Record<string, unknown>;
  pending?: Pending;
  /** Misunderstood messages in a row, outside procedure questions. */
  misunderstood: number;
  /** The last topic (procedure or intent), for the handoff request. */
  topic?: string;
  /** Redacted, bounded: what a handoff request carries. */
  transcript: TranscriptLine[];
  /** Values given before their question, kept until a step asks them (or a few turns pass). */
  given?: Record<string, GivenValue>;
  /** Secrets given before their question (a provisional code typed at "Avez-vous votre code ?"), sealed. */
  held?: Record<string, { box: string; turn: number }>;
  /** Slots already sent to the backend: a correction can no longer change them silently. */
  sent?: string[];
  lastAnswer?: LastAnswer;
  /** The turn that said another administration's accounts are theirs: "et pour impots.gouv ?" next follows it. */
  otherAdministrationTurn?: number;
  /** The person asked for easy-to-read answers (FALC) for the rest of the conversation. */
  easyRead?: boolean;
}

export interface UserState {
  v: 1;
  /** The language the person last wrote in; the next conversation's welcome uses it. */
  language?: Language;
  conversations: number;
  lastSeenAt?: string;
}

export function newConversationState(id: string, now: Date, language: Language): ConversationState {
  const at = now.toISOString();
  return { v: 1, id, language, createdAt: at, lastActivityAt: at, turn: 0, stack: [], slots: {}, misunderstood: 0, transcript: [] };
}

export function newUserState(): UserState {
  return { v: 1, conversations: 0 };
}

/** True when the conversation was idle longer than the limit and had something to forget. */
export function isIdleExpired(state: ConversationState, now: Date, idleMinutes: number): boolean {
  return now.getTime() - Date.parse(state.lastActivityAt) > idleMinutes * 60_000;
}

/** Whether an expired conversation had something in progress worth telling the person about. */
export function hadSomethingInProgress(state: ConversationState): boolean {
  return state.stack.length > 0 || state.pending !== undefined;
}

export function isConversationState(value: unknown): value is ConversationState {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 && Array.isArray((value as { stack?: unknown }).stack);
}

export function isUserState(value: unknown): value is UserState {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1 && typeof (value as { conversations?: unknown }).conversations === 'number';
}
