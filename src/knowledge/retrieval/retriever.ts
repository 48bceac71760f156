/**
 * Retrieval: which FAQ item, entry or source passage answers a message. The classifier decides what
 * the person wants; this decides which passage answers it. One ranking index per language over the
 * documents of documents.ts, read by one Analyzer on both sides; long messages are searched by the
 * sentence that carries their question, the rest of the story weighing less.
 *
 * Scores are 0…1 so that a caller can threshold them: the share of the question's meaning (its
 * terms weighted by rarity) that the document holds, times the ranking score squashed to 0…1.
 */
import type { Language } from '../../shared/conversation.js';
import { createMemo } from '../../shared/memo.js';
import type { Entry } from '../content.js';
import type { SourceRef } from '../types.js';
import type { Analyzer } from './analyzer.js';
import { buildDocuments, FIELDS, type DocumentKind, type RetrievalDocument } from './documents.js';
import { createFlexSearchIndex } from './flexsearch-index.js';
import { createMiniSearchIndex } from './minisearch-index.js';
import { extractQuestion } from './question.js';
import type { AnalysedDocument, IndexName, RankedDocument, RankingIndex } from './ranking-index.js';

export interface RetrieveOptions {
  language?: Language;
  /** At most this many results (default 5). */
  limit?: number;
  /** Only this topic's entries. */
  topic?: string;
  /** The message is being typed: its last word may be unfinished. */
  asYouType?: boolean;
}

export interface Retrieved {
  kind: DocumentKind;
  entryId: string;
  faqId?: string;
  /** For a passage, the passage as plain text (no markdown, no placeholders). */
  passage?: SourceRef;
  /** 0 (unrelated) … 1 (the message is this question). */
  score: number;
  /** The wording of the FAQ item or entry that is closest to the message. */
  question?: string;
  /** An FAQ item's own first question (its wordings follow it, written as people type). */
  heading?: string;
  /** What the result states: the FAQ answer, the entry's answer and key facts, or the passage. */
  text: string;
}

export interface Retriever {
  readonly indexName: IndexName;
  retrieve(text: string, options?: RetrieveOptions): Retrieved[];
  /** The documents of a language (for the agent console's views and the evaluation). */
  documents(language: Language): readonly RetrievalDocument[];
  /** Builds the index of a language now rather than on the first question. */
  warmUp(language?: Language): void;
}

export interface RetrieverOptions {
  entries: readonly Entry[];
  analyzer: Analyzer;
  index?: IndexName;
}

const DEFAULT_LIMIT = 5;
/** Messages whose results are remembered (the same words come back: "oui", "mot de passe oublié"). */
const REMEMBERED = 1000;
const CANDIDATES = 60;
/** The rest of a long message counts this much next to its question… */
const CONTEXT_WEIGHT = 0.3;
/** …and this much when the question alone says little ("combien de temps ça dure ?"). */
const VAGUE_CONTEXT_WEIGHT = 0.55;
const VAGUE_QUESTION_TERMS = 3;
/**
 * How much each kind of document weighs: a precise FAQ item first; an entry's whole answer, long
 * and full of its topic's common words, a little less; a raw passage less again.
 */
const KIND_WEIGHT = { faq: 1, entry: 0.85, passage: 0.8 } as const;

interface LanguageIndex {
  docs: RetrievalDocument[];
  index: RankingIndex;
  /** Inverse document frequency of a term (unknown terms weigh as the rarest). */
  idf(term: string): number;
  /** Each document's wordings, analysed, to name the one closest to the message. */
  wordings: Array<Array<{ text: string; terms: Set<string> }>>;
}

export function createRetriever(options: RetrieverOptions): Retriever {
  const { entries, analyzer } = options;
  const indexName = options.index ?? 'minisearch';
  const byLanguage = new Map<Language, LanguageIndex>();
  // Retrieval is a pure function of the message and the options over a fixed index: the results of
  // the last messages are remembered, and handed out as copies (callers may change what they get).
  const remembered = createMemo<readonly Retrieved[]>(REMEMBERED);

  const build = (language: Language): LanguageIndex => {
    const docs = buildDocuments(entries, language);
    const analysed: AnalysedDocument[] = docs.map((d) => ({
      index: d.index,
      weight: 1,
      fields: Object.fromEntries(FIELDS.map((f) => [f, analyzer.terms(d.fields[f], language).join(' ')])) as AnalysedDocument['fields'],
    }));
    const df = new Map<string, number>();
    for (const d of analysed) for (const t of new Set(FIELDS.flatMap((f) => d.fields[f].split(' ')))) if (t) df.set(t, (df.get(t) ?? 0) + 1);
    const n = docs.length;
    const idf = (term: string) => Math.log(1 + n / (df.get(term) ?? 1));
    const index = indexName === 'flexsearch' ? createFlexSearchIndex(analysed) : createMiniSearchIndex(analysed);
    const wordings = docs.map((d) => d.questions.map((q) => ({ text: q, terms: new Set(analyzer.terms(q, language)) })));
    return { docs, index, idf, wordings };
  };
  const indexFor = (language: Language): LanguageIndex => {
    let found = byLanguage.get(language);
    if (!found) {
      found = build(language);
      byLanguage.set(language, found);
    }
    return found;
  };

  return {
    indexName,
    documents: (language) => indexFor(language).docs,
    warmUp: (language = 'fr') => void indexFor(language),
    retrieve(text, retrieveOptions = {}) {
      const language = retrieveOptions.language ?? 'fr';
      const limit = retrieveOptions.limit ?? DEFAULT_LIMIT;
      const key = `${language}\u0000${limit}\u0000${retrieveOptions.topic ?? ''}\u0000${retrieveOptions.asYouType ? 1 : 0}\u0000${text}`;
      let results = remembered.get(key);
      if (!results) {
        results = search(text, language, limit, retrieveOptions);
        remembered.set(key, results);
      }
      return results.map((r) => ({ ...r }));
    },
  };

  function search(text: string, language: Language, limit: number, retrieveOptions: RetrieveOptions): Retrieved[] {
    const built = indexFor(language);
    const { docs, index, wordings } = built;
    const idf = (term: string) => built.idf(term);
    const { question, context } = extractQuestion(text);
    const questionTerms = unique(analyzer.terms(question, language));
    if (questionTerms.length === 0) return [];
    const contextTerms = unique(analyzer.terms(context, language)).filter((t) => !questionTerms.includes(t));
    const topic = retrieveOptions.topic;
    const filter = topic ? (i: number) => docs[i]?.topic === topic : undefined;
    const query = { limit: CANDIDATES, prefixLast: retrieveOptions.asYouType ?? false, ...(filter ? { filter } : {}) };

    const questionWeight = sum(questionTerms, idf);
    const scoreOf = (ranked: readonly RankedDocument[], meaning: readonly string[], meaningWeight: number) => {
      const out = new Map<number, number>();
      for (const r of ranked) {
        const held = r.matched.filter((t) => meaning.includes(t));
        const coverage = sum(held, idf) / meaningWeight;
        const kind = docs[r.index]?.kind ?? 'passage';
        out.set(r.index, KIND_WEIGHT[kind] * coverage * (r.score / (r.score + index.midScore)));
      }
      return out;
    };
    let scored = scoreOf(index.search(questionTerms, query), questionTerms, questionWeight);
    if (contextTerms.length > 0) {
      // The story around the question tells two close answers apart ("combien de temps ça
      // dure ?" after "un bilan complet à la CPAM"); the vaguer the question, the more it counts.
      const all = [...questionTerms, ...contextTerms];
      const withContext = scoreOf(index.search(all, query), all, sum(all, idf));
      const weight = questionTerms.length <= VAGUE_QUESTION_TERMS ? VAGUE_CONTEXT_WEIGHT : CONTEXT_WEIGHT;
      const merged = new Map<number, number>();
      for (const i of new Set([...scored.keys(), ...withContext.keys()])) merged.set(i, (1 - weight) * (scored.get(i) ?? 0) + weight * (withContext.get(i) ?? 0));
      scored = merged;
    }

    // One result per FAQ item (its passages fold into it), per entry and per entry passage.
    const best = new Map<string, Retrieved>();
    const ranked = [...scored].sort((a, b) => b[1] - a[1]);
    for (const [i, rawScore] of ranked) {
      const doc = docs[i];
      if (!doc) continue;
      const key = doc.faqId ? `${doc.entryId}#${doc.faqId}` : doc.kind === 'passage' ? `${doc.entryId}@${doc.passage?.passage ?? ''}` : doc.entryId;
      const score = Math.min(1, rawScore);
      const previous = best.get(key);
      if (previous) {
        if (doc.kind === 'passage' && !previous.passage && doc.passage) previous.passage = doc.passage;
        // A passage of an FAQ item ranked before the item itself: the result is the item.
        if (doc.kind === 'faq' && previous.kind === 'passage') {
          previous.kind = 'faq';
          previous.text = doc.text;
          if (doc.questions[0]) previous.heading = doc.questions[0];
          const wording = closestWording(wordings[i] ?? [], questionTerms, idf);
          if (wording) previous.question = wording;
        }
        continue;
      }
      const item: Retrieved = { kind: doc.kind, entryId: doc.entryId, score, text: doc.text };
      if (doc.faqId) item.faqId = doc.faqId;
      if (doc.passage) item.passage = doc.passage;
      if (doc.kind === 'faq' && doc.questions[0]) item.heading = doc.questions[0];
      const wording = closestWording(wordings[i] ?? [], questionTerms, idf);
      if (wording) item.question = wording;
      best.set(key, item);
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((r) => ({ ...r, score: round(r.score) }));
  }
}

function closestWording(wordings: ReadonlyArray<{ text: string; terms: Set<string> }>, terms: readonly string[], idf: (t: string) => number): string | undefined {
  let bestText: string | undefined;
  let bestScore = 0;
  for (const w of wordings) {
    const common = sum(terms.filter((t) => w.terms.has(t)), idf);
    // Of two wordings sharing as much with the message, the shorter says it more precisely.
    const score = common - 0.01 * w.terms.size;
    if (common > 0 && score > bestScore) {
      bestScore = score;
      bestText = w.text;
    }
  }
  return bestText ?? wordings[0]?.text;
}

function unique(terms: readonly string[]): string[] {
  return [...new Set(terms)];
}

function sum(terms: readonly string[], weight: (t: string) => number): number {
  let total = 0;
  for (const t of terms) total += weight(t);
  return total;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
