/**
 * Finds the FAQ item of the knowledge base that a message asks ("le lien est valable combien de
 * temps ?" → password-reset / link-validity), so that a precise question gets its precise answer.
 *
 * Each FAQ question and the message become sets of terms (normalised and stemmed by the caller:
 * the NLU's own reading, so "mdp" and "mot de passe" meet), without the most common function
 * words. Terms weigh by their rarity among all FAQ questions (inverse document frequency): the
 * shared "mot de passe" counts little, "valable combien temps" a lot. A question's score is the
 * harmonic mean of how much of the question the message covers and how much of the message the
 * question covers (0 … 1); an item scores as its best question. The entries' own questions are in
 * the index too, so that a message asking for a whole topic is not taken for one of its items.
 */
import type { Language } from '../shared/conversation.js';
import { createMemo } from '../shared/memo.js';
import { contentIn, type Entry, type FaqItem } from './content.js';
import { FAQ_STOP_WORDS, stopWordsAsRead, type TermReader } from './stop-words.js';

export type { TermReader };

export interface FaqMatch {
  entryId: string;
  /** Absent when the message asks for the entry as a whole (one of its own questions matched best). */
  item?: FaqItem;
  /** 0 (nothing in common) … 1 (the same words). */
  score: number;
  /** The question of the item that matched best. */
  question: string;
}

export interface FaqIndex {
  /** The best items for a message, best first (at most `limit`, default 3), above `minScore` (default 0.3). */
  match(text: string, options: { language: Language; limit?: number; minScore?: number }): FaqMatch[];
}

/** Messages whose matches are remembered: a pure function of the message over a fixed index. */
const REMEMBERED = 1000;

interface IndexedQuestion {
  entryId: string;
  item: FaqItem | undefined;
  question: string;
  terms: Set<string>;
  /** The sum of its terms' weights (computed once the index is built). */
  weight: number;
}

export function createFaqIndex(entries: readonly Entry[], readTerms: TermReader): FaqIndex {
  const byLanguage = new Map<Language, { questions: IndexedQuestion[]; weight: (term: string) => number; postings: Map<string, number[]> }>();

  const stopsIn = stopWordsAsRead(readTerms, FAQ_STOP_WORDS);
  const termsOf = (text: string, language: Language) => {
    const stop = stopsIn(language);
    return new Set(readTerms(text, language).filter((t) => t.length > 0 && !stop.has(t)));
  };

  const build = (language: Language) => {
    const questions: IndexedQuestion[] = [];
    for (const entry of entries) {
      const content = contentIn(entry, language);
      for (const item of content.faq ?? []) {
        for (const question of item.questions) questions.push({ entryId: entry.id, item, question, terms: termsOf(question, language), weight: 0 });
      }
      // The entry's own questions compete too: "mot de passe oublié" or "le lien ne marche plus"
      // ask for the whole entry (or its procedure), not for one of its FAQ items. A question that
      // is also one of its FAQ items' (same words) is left to the item. An entry no intent leads
      // to (reached by retrieval and the console only) has no whole-entry answer here: its own
      // questions would only hide another entry's precise item.
      if (entry.intents.length === 0) continue;
      const itemKeys = new Set((content.faq ?? []).flatMap((f) => f.questions.map((q) => termKey(termsOf(q, language)))));
      for (const question of new Set([content.action, ...(content.ask ? [content.ask] : []), ...content.questions])) {
        const terms = termsOf(question, language);
        if (!itemKeys.has(termKey(terms))) questions.push({ entryId: entry.id, item: undefined, question, terms, weight: 0 });
      }
    }
    const df = new Map<string, number>();
    for (const q of questions) for (const t of q.terms) df.set(t, (df.get(t) ?? 0) + 1);
    const n = questions.length;
    // A word no FAQ question uses weighs like a common one: a typo or a name should not sink a match.
    const weight = (term: string) => {
      const d = df.get(term);
      return d === undefined ? 1 : Math.log(1 + n / d);
    };
    // Which questions hold each term: a message is scored against the questions it shares a term with.
    const postings = new Map<string, number[]>();
    questions.forEach((q, i) => {
      q.weight = sum(q.terms, weight);
      for (const t of q.terms) {
        const list = postings.get(t);
        if (list) list.push(i);
        else postings.set(t, [i]);
      }
    });
    return { questions, weight, postings };
  };

  const indexFor = (language: Language) => {
    let index = byLanguage.get(language);
    if (!index) {
      index = build(language);
      byLanguage.set(language, index);
    }
    return index;
  };

  const remembered = createMemo<readonly FaqMatch[]>(REMEMBERED);
  const match = (text: string, options: { language: Language; limit?: number; minScore?: number }): FaqMatch[] => {
    const key = `${options.language}\u0000${options.limit ?? ''}\u0000${options.minScore ?? ''}\u0000${text}`;
    let found = remembered.get(key);
    if (!found) {
      found = matchAfresh(text, options);
      remembered.set(key, found);
    }
    return found.map((m) => ({ ...m }));
  };

  const matchAfresh = (text: string, options: { language: Language; limit?: number; minScore?: number }): FaqMatch[] => {
    const { questions, weight, postings } = indexFor(options.language);
    const message = termsOf(text, options.language);
    if (message.size === 0) return [];
    const messageWeight = sum(message, weight);
    const shared = new Map<number, number>();
    for (const t of message) {
      const w = weight(t);
      for (const i of postings.get(t) ?? []) shared.set(i, (shared.get(i) ?? 0) + w);
    }
    const best = new Map<string, FaqMatch>();
    for (const [i, common] of shared) {
      const q = questions[i];
      if (!q) continue;
      const recall = common / q.weight;
      const precision = common / messageWeight;
      const score = (2 * recall * precision) / (recall + precision);
      const key = `${q.entryId}#${q.item?.id ?? ''}`;
      const previous = best.get(key);
      if (!previous || score > previous.score) best.set(key, { entryId: q.entryId, item: q.item, score, question: q.question });
    }
    const minScore = options.minScore ?? 0.3;
    return [...best.values()]
      .filter((m) => m.score >= minScore)
      .sort((a, b) => b.score - a.score)
      .slice(0, options.limit ?? 3);
  };
  return { match };
}

function termKey(terms: ReadonlySet<string>): string {
  return [...terms].sort().join(' ');
}

function sum(terms: Iterable<string>, weight: (term: string) => number): number {
  let total = 0;
  for (const t of terms) total += weight(t);
  return total;
}
