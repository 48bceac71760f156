/**
 * The knowledge base's public face, used by the engine (answers, fallback search) and by the
 * agent console. Entries are data in knowledge/ (JSON, schema-checked at load).
 */
import type { Language, Reply } from '../engine/turn.js';

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
  /** 0 (perfect) … 1 (unrelated), as fuse.js scores; the HTTP API turns it into a relevance. */
  score: number;
  answer: string;
  steps?: string[];
  sources?: SourceRef[];
  topic: string;
}

export interface SearchOptions {
  limit?: number;
  topic?: string;
  language?: Language;
}

export interface RenderOptions {
  language: Language;
  /** "falc": the easy-to-read variant (Facile à lire et à comprendre). */
  variant?: 'standard' | 'falc';
  /** Ask "Cette réponse vous a-t-elle aidé ?" after the answer (default true). */
  askFeedback?: boolean;
}

export interface KnowledgeBase {
  /** The entry that answers a knowledge intent (or a finer child of it). */
  entryForIntent(intent: string): KnowledgeEntrySummary | undefined;
  get(id: string): KnowledgeEntrySummary | undefined;
  search(query: string, options?: SearchOptions): SearchHit[];
  /** The chat replies for an entry: short answer, 2–4 suggested actions, feedback question. */
  render(id: string, options: RenderOptions): Reply[];
  all(): KnowledgeEntrySummary[];
  /**
   * A structured fact as it reads in copy, by reference "<entryId>.<factKey>", e.g.
   * "password-reset.link_validity" → "30 minutes". Dialog copy writes {{fact:<ref>}} so that
   * every figure lives in one place (the knowledge base) with its source. Undefined when unknown.
   */
  fact(ref: string, language?: Language): string | undefined;
}

/** Counts the answers to "Cette réponse vous a-t-elle aidé ?". */
export interface FeedbackStore {
  record(entryId: string, helpful: boolean): Promise<void>;
  counts(): Promise<Record<string, { yes: number; no: number }>>;
}
