/**
 * The knowledge base's public face, used by the engine (answers, fallback search) and by the
 * agent console. Entries are data in knowledge/ (JSON, schema-checked at load).
 */
import type { Language } from '../shared/conversation.js';

export interface SourceRef {
  /** File name in ../shared/sources/, e.g. "003_d37898c8635ec779.txt". */
  file: string;
  /** The passage the fact comes from, quoted. */
  passage: string;
}

export interface KnowledgeEntrySummary {
  id: string;
  title: string;
  intents: string[];
  topic: string;
}

export interface SearchHit {
  id: string;
  title: string;
  /** 0 (perfect) … 1 (unrelated); the HTTP API turns it into a relevance. */
  score: number;
  answer: string;
  steps?: string[];
  sources?: SourceRef[];
  topic: string;
  /** What in the entry answers the query precisely: an FAQ item, a source passage (as plain text). */
  match?: SearchMatch;
}

export interface SearchMatch {
  /** The wording (FAQ question or the entry's own question) closest to the query. */
  question?: string;
  faqId?: string;
  /** The FAQ item's answer. */
  answer?: string;
  /** The source passage that matched, as plain text (no markdown, no template placeholders). */
  passage?: SourceRef;
}

/** One result of retrieval: the FAQ item, entry or source passage that answers a message. */
export interface RetrievalHit {
  entryId: string;
  faqId?: string;
  /** The source passage, as plain text, when the result is (or carries) one. */
  passage?: SourceRef;
  /** 0 (unrelated) … 1 (the message is this question): callers threshold it. */
  score: number;
  /** The wording of the FAQ item or entry closest to the message. */
  question?: string;
  /** An FAQ item's own first question, the one to show (its other wordings are written as people type). */
  heading?: string;
  kind: 'faq' | 'entry' | 'passage';
  /** What the result states (the FAQ answer, the entry's answer and key facts, or the passage). */
  text: string;
}

export interface RetrievalOptions {
  language?: Language;
  limit?: number;
  topic?: string;
  /** The last word may be unfinished (search as you type). */
  asYouType?: boolean;
}

export interface SearchOptions {
  limit?: number;
  topic?: string;
  language?: Language;
}

export interface AnswerOptions {
  language: Language;
  /** "falc": the easy-to-read variant (Facile à lire et à comprendre). */
  variant?: 'standard' | 'falc';
}

/** A way on from an answer (a related entry): its label, and what it asks as the person's message. */
export interface FollowUp {
  label: string;
  ask: string;
}

/** An entry's answer as data; the engine words it as chat replies (cards, buttons, the feedback question). */
export interface EntryAnswer {
  entryId: string;
  title: string;
  /** The short answer, or the easy-to-read sentences, one a line. */
  text: string;
  /** The language of `text`: French when the entry has no version in the language asked. */
  language: Language;
  /** English was asked and the entry exists in French only. */
  frenchOnly: boolean;
  /** The key facts ("Validité du lien" → "30 minutes"); none in the easy-to-read variant. */
  facts: Array<{ label: string; value: string }>;
  steps?: string[];
  /** Related entries, 2 to 4 for real content. */
  followUps: FollowUp[];
  /** The passages of ../shared/sources/ the answer rests on (citations), key facts' first. */
  sources: SourceRef[];
}

/** One FAQ item's answer as data. */
export interface FaqAnswer {
  entryId: string;
  faqId: string;
  /** The title of the item's entry. */
  title: string;
  text: string;
  language: Language;
  /** The way to the whole entry. */
  followUps: FollowUp[];
  /** The passages of ../shared/sources/ the item rests on. */
  sources: SourceRef[];
}

export interface KnowledgeBase {
  /** The entry that answers a knowledge intent (or a finer child of it). */
  entryForIntent(intent: string): KnowledgeEntrySummary | undefined;
  get(id: string): KnowledgeEntrySummary | undefined;
  search(query: string, options?: SearchOptions): SearchHit[];
  /** An entry's answer: its words, key facts, steps, related entries and sources (throws for an unknown id). */
  answer(id: string, options: AnswerOptions): EntryAnswer;
  all(): KnowledgeEntrySummary[];
  /**
   * A structured fact as it reads in copy, by reference "<entryId>.<factKey>", e.g.
   * "password-reset.link_validity" → "30 minutes". Dialog copy writes {{fact:<ref>}} so that
   * every figure lives in one place (the knowledge base) with its source. Undefined when unknown.
   */
  fact(ref: string, language?: Language): string | undefined;
  /**
   * Which FAQ items, entries or source passages answer a message, best first, with a 0…1 score to
   * threshold (optional: fakes may have none). Long messages are searched by their question.
   */
  retrieve?(text: string, options?: RetrievalOptions): RetrievalHit[];
  /** Entries the message names by a distinctive word of theirs ("AME", "Aidants Connect"), optional. */
  named?(text: string): string[];
  /** The FAQ items a message asks, best first (optional: fakes may have none). */
  matchQuestion?(text: string, options: QuestionMatchOptions): QuestionMatch[];
  /** One FAQ item's answer, and the way to its whole entry (optional: fakes may have none). */
  answerFaq?(entryId: string, faqId: string, language: Language): FaqAnswer;
}

/** A precise question of the knowledge base that a message asks. */
export interface QuestionMatch {
  entryId: string;
  /** Absent when the message asks for the entry as a whole rather than one of its FAQ items. */
  faqId?: string;
  /** 0 … 1 (1: the same words). */
  score: number;
  /** The wording of the FAQ question that matched best. */
  question: string;
}

export interface QuestionMatchOptions {
  language: Language;
  /** The words of a text as the NLU reads them (normalised, stemmed). */
  terms: (text: string, language: Language) => string[];
  limit?: number;
  minScore?: number;
}
