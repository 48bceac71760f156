/**
 * Search over the entries, for the engine's fallback and for the agent console's search-as-you-type.
 * Two layers, the best score wins:
 *  - fuzzy: fuse.js matches each meaningful word of the query against the vocabulary of the titles,
 *    shortcuts, keywords, questions, answers, steps and facts (typos: "mot de pase", "ordonance");
 *    entries are then scored by the fields their matching words appear in, rarer words weighing
 *    more. Matching the deduplicated vocabulary (a few hundred words) instead of every field of
 *    every entry keeps a keystroke's search within a few milliseconds;
 *  - prefix: shortcuts, title and keyword words, so that an agent reaches a topic in two
 *    keystrokes ("md" → mot de passe, "36" → 3646, "esp" → Mon espace santé).
 * Text is folded (accents, case, punctuation) on both sides. Scores follow fuse.js: 0 is perfect.
 */
import Fuse from 'fuse.js';
import type { Language } from '../shared/conversation.js';
import { contentIn, localized, type Entry } from './content.js';
import { fold, meaningfulWords, words } from './fold.js';

export interface RankedEntry {
  entry: Entry;
  score: number;
}

export interface EntrySearch {
  search(query: string, options?: { limit?: number; topic?: string; language?: Language }): RankedEntry[];
}

/** How much a word found in each field says about the entry (1: a perfect title match). */
const FIELD_WEIGHT = { title: 1, shortcuts: 1, keywords: 0.8, questions: 0.8, body: 0.5 } as const;
type Field = keyof typeof FIELD_WEIGHT;

/** Scores of the prefix layer: a shortcut is what agents type on purpose. */
const PREFIX_SCORE = { shortcut: 0.01, titleWord: 0.05, keyword: 0.08, allWords: 0.12 } as const;
/** A query word that starts a longer word of the vocabulary ("reinit" → "reinitialiser"). */
const PREFIX_SIMILARITY = 0.9;
/** Beyond this, a hit is noise. */
const MAX_SCORE = 0.6;
const DEFAULT_LIMIT = 5;
/** Words this short are matched exactly or as a prefix, never fuzzily (noise, and time). */
const SHORT_WORD = 3;
const WORD_CACHE_SIZE = 5000;

export function createEntrySearch(entries: readonly Entry[]): EntrySearch {
  const indexes = new Map<Language, LanguageIndex>();
  for (const language of ['fr', 'en'] as const) indexes.set(language, buildIndex(entries, language));

  return {
    search(query, options = {}) {
      const q = fold(query);
      const index = indexes.get(options.language ?? 'fr');
      if (!q || !index) return [];
      const best = new Map<Entry, number>();
      const offer = (entry: Entry, score: number) => {
        if (options.topic && entry.topic !== options.topic) return;
        const previous = best.get(entry);
        if (previous === undefined || score < previous) best.set(entry, score);
      };
      for (const [entry, score] of index.prefix(q)) offer(entry, score);
      // One character says too little for fuzzy matching: prefixes only.
      if (q.length >= 2) {
        index.fuzzy(meaningfulWords(q)).forEach((score, i) => {
          const entry = entries[i];
          if (entry && score <= MAX_SCORE) offer(entry, score);
        });
      }
      return [...best]
        .map(([entry, score]) => ({ entry, score: round(score) }))
        .sort((a, b) => a.score - b.score || b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id))
        .slice(0, options.limit ?? DEFAULT_LIMIT);
    },
  };
}

interface LanguageIndex {
  prefix(foldedQuery: string): Array<[Entry, number]>;
  /** A score per entry (same order as the entries), 1 when nothing matches. */
  fuzzy(queryWords: readonly string[]): number[];
}

interface FieldTexts {
  entry: Entry;
  fields: Record<Field, string[]>;
}

function fieldTexts(entry: Entry, language: Language): FieldTexts {
  const content = contentIn(entry, language);
  const facts = [...entry.facts.values()].map((f) => `${localized(f.label, language)} ${localized(f.text, language)}`);
  return {
    entry,
    fields: {
      title: [fold(content.title)],
      shortcuts: entry.shortcuts.map(fold),
      keywords: content.keywords.map(fold),
      questions: [...content.questions, ...(content.faq ?? []).flatMap((f) => f.questions)].map(fold),
      body: [content.answer, ...(content.steps ?? []), ...facts, ...(content.faq ?? []).map((f) => f.answer)].map(fold),
    },
  };
}

function buildIndex(entries: readonly Entry[], language: Language): LanguageIndex {
  const docs = entries.map((e) => fieldTexts(e, language));
  return { prefix: buildPrefixIndex(docs), fuzzy: buildFuzzyIndex(docs) };
}

function buildFuzzyIndex(docs: readonly FieldTexts[]): (queryWords: readonly string[]) => number[] {
  // term → entry index → the weight of the best field it appears in for that entry.
  const postings = new Map<string, Map<number, number>>();
  docs.forEach(({ fields }, doc) => {
    for (const field of Object.keys(fields) as Field[]) {
      for (const term of fields[field].flatMap((t) => t.split(' '))) {
        if (!term) continue;
        const perDoc = postings.get(term) ?? new Map<number, number>();
        perDoc.set(doc, Math.max(perDoc.get(doc) ?? 0, FIELD_WEIGHT[field]));
        postings.set(term, perDoc);
      }
    }
  });
  const terms = [...postings.keys()];
  const idf = (term: string) => Math.log(1 + docs.length / (postings.get(term)?.size ?? docs.length));
  const maxIdf = Math.log(1 + docs.length);
  const vocabulary = new Fuse(terms, { includeScore: true, threshold: 0.3, ignoreLocation: true, minMatchCharLength: 2 });
  const cache = new Map<string, { contribution: Float64Array; weight: number }>();

  /** What one query word says about each entry, and how much that word weighs (rarer: more). */
  const scoreWord = (word: string) => {
    const cached = cache.get(word);
    if (cached) return cached;
    const matches: Array<{ term: string; similarity: number }> = [];
    if (postings.has(word)) matches.push({ term: word, similarity: 1 });
    if (word.length > SHORT_WORD) {
      for (const hit of vocabulary.search(word)) if (hit.item !== word) matches.push({ term: hit.item, similarity: 1 - (hit.score ?? 1) });
    }
    for (const term of terms) if (term.length > word.length && term.startsWith(word)) matches.push({ term, similarity: PREFIX_SIMILARITY });

    const contribution = new Float64Array(docs.length);
    // A word that matches nothing still counts: it makes every entry a worse match.
    let weight = matches.length === 0 ? maxIdf : 0;
    for (const { term, similarity } of matches) {
      weight = Math.max(weight, similarity * idf(term));
      for (const [doc, fieldWeight] of postings.get(term) ?? []) contribution[doc] = Math.max(contribution[doc] ?? 0, similarity * fieldWeight);
    }
    const scored = { contribution, weight };
    if (cache.size >= WORD_CACHE_SIZE) cache.clear();
    cache.set(word, scored);
    return scored;
  };

  return (queryWords) => {
    const total = new Float64Array(docs.length);
    let weights = 0;
    for (const word of queryWords) {
      const { contribution, weight } = scoreWord(word);
      weights += weight;
      contribution.forEach((c, doc) => (total[doc] = (total[doc] ?? 0) + weight * c));
    }
    return Array.from(total, (t) => (weights > 0 ? 1 - t / weights : 1));
  };
}

function buildPrefixIndex(docs: readonly FieldTexts[]): (foldedQuery: string) => Array<[Entry, number]> {
  const rows = docs.map(({ entry, fields }) => ({
    entry,
    // "mot de passe" is reachable as "mot de…" and as "motdepasse"; "36 46" as "3646".
    shortcuts: fields.shortcuts.flatMap((s) => [s, s.replace(/ /g, '')]),
    titleWords: fields.title.flatMap(words),
    keywordWords: [...new Set(fields.keywords.flatMap((k) => [k, k.replace(/ /g, ''), ...k.split(' ')]))],
    allWords: [...new Set([...fields.title, ...fields.keywords, ...fields.questions].flatMap((t) => t.split(' ')))],
  }));
  return (q) => {
    const compact = q.replace(/ /g, '');
    const queryWords = q.split(' ');
    const startsWith = (candidates: readonly string[]) => candidates.some((c) => c.startsWith(q) || (compact.length >= 2 && c.startsWith(compact)));
    const found: Array<[Entry, number]> = [];
    for (const row of rows) {
      if (startsWith(row.shortcuts)) found.push([row.entry, PREFIX_SCORE.shortcut]);
      else if (startsWith(row.titleWords)) found.push([row.entry, PREFIX_SCORE.titleWord]);
      else if (startsWith(row.keywordWords)) found.push([row.entry, PREFIX_SCORE.keyword]);
      else if (queryWords.length > 1 && queryWords.every((w) => row.allWords.some((c) => c.startsWith(w)))) found.push([row.entry, PREFIX_SCORE.allWords]);
    }
    return found;
  };
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
