/**
 * The search behind the agent console and the engine's "did you mean": entries ranked for a query,
 * each with what in it answers the query (the FAQ question and answer, or the source passage).
 *
 * Two readings are merged per entry, the better one wins:
 *  - retrieval (retrieval/): BM25 over FAQ wordings, answers and source passages, with the NLU's
 *    reading of words; it finds long, misspelt and story-like questions and names the precise
 *    question that matched;
 *  - the keystroke layer (search.ts): prefixes of shortcuts, titles and keywords, and fuzzy
 *    matching of each word, so that "md", "36" or "esp" reach their topic in two keystrokes.
 * The keystroke layer weighs less as the query grows: a sentence is retrieval's job.
 */
import type { Language } from '../shared/conversation.js';
import { contentIn, type Entry } from './content.js';
import type { Retrieved, Retriever } from './retrieval/index.js';
import type { EntrySearch } from './search.js';
import type { SearchMatch } from './types.js';

export interface ConsoleSearchOptions {
  limit?: number;
  topic?: string;
  language?: Language;
}

export interface ConsoleHit {
  entry: Entry;
  /** 0 (unrelated) … 1 (perfect). */
  relevance: number;
  match?: SearchMatch;
}

export interface ConsoleSearch {
  search(query: string, options?: ConsoleSearchOptions): ConsoleHit[];
}

const DEFAULT_LIMIT = 5;
/** Queries this short are keystrokes, not questions. */
const KEYSTROKE_WORDS = 2;
/** How much the keystroke layer counts for a longer query. */
const KEYSTROKE_WEIGHT_LONG = 0.55;
/** A single word this short is a keystroke, not a query to rank passages with. */
const KEYSTROKE_CHARS = 3;
/** An FAQ item or passage this close to its entry's score is shown as the entry's match. */
const PRECISE_SHARE = 0.6;
/** Below this, a result is noise. */
const MIN_RELEVANCE = 0.08;
/** Agents type "mes" for Mon espace santé: in a keyword query (no sentence around it) it is. */
const KEYWORD_MES = /(^|\s)mes(?=\s|$)/i;

export function createConsoleSearch(entries: readonly Entry[], retriever: Retriever, keystrokes: EntrySearch): ConsoleSearch {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    search(query, options = {}) {
      const language = options.language ?? 'fr';
      const limit = options.limit ?? DEFAULT_LIMIT;
      const words = query.trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) return [];
      const keywordQuery = words.length <= 4 && KEYWORD_MES.test(query) ? query.replace(KEYWORD_MES, '$1MES') : query;
      const best = new Map<string, ConsoleHit>();
      const offer = (entry: Entry | undefined, relevance: number, match?: SearchMatch) => {
        if (!entry || (options.topic && entry.topic !== options.topic) || relevance < MIN_RELEVANCE) return;
        const previous = best.get(entry.id);
        if (!previous || relevance > previous.relevance) best.set(entry.id, { entry, relevance, ...(match ?? previous?.match ? { match: match ?? previous?.match } : {}) });
        else if (!previous.match && match) previous.match = match;
      };

      // Two or three letters are keystrokes on the way to a word ("ce", "md"): prefixes of
      // shortcuts and titles say more than passages that happen to hold a word starting so.
      const keystroke = words.length === 1 && query.trim().length <= KEYSTROKE_CHARS;
      const retrieved = !keystroke ? retriever.retrieve(keywordQuery, { language, limit: 40, asYouType: true, ...(options.topic ? { topic: options.topic } : {}) }) : [];
      for (const r of retrieved) offer(byId.get(r.entryId), r.score, matchOf(r, byId.get(r.entryId), language));
      // An entry found as a whole still shows its most precise answer: the best FAQ item (or
      // passage) of the entry that ranks close behind it.
      for (const hit of best.values()) {
        if (hit.match?.answer || hit.match?.passage) continue;
        const precise = retrieved.find((r) => r.entryId === hit.entry.id && r.kind !== 'entry' && r.score >= PRECISE_SHARE * hit.relevance);
        if (precise) hit.match = matchOf(precise, hit.entry, language);
      }

      const keystrokeWeight = words.length <= KEYSTROKE_WORDS ? 1 : KEYSTROKE_WEIGHT_LONG;
      for (const { entry, score } of keystrokes.search(query, { limit: 12, language, ...(options.topic ? { topic: options.topic } : {}) })) {
        offer(entry, keystrokeWeight * (1 - score));
      }
      return [...best.values()].sort((a, b) => b.relevance - a.relevance || b.entry.priority - a.entry.priority || a.entry.id.localeCompare(b.entry.id)).slice(0, limit);
    },
  };
}

function matchOf(r: Retrieved, entry: Entry | undefined, language: Language): SearchMatch | undefined {
  const match: SearchMatch = {};
  if (r.question && r.kind !== 'passage') match.question = r.question;
  if (r.faqId) {
    match.faqId = r.faqId;
    const item = entry ? contentIn(entry, language).faq?.find((f) => f.id === r.faqId) : undefined;
    if (item) {
      match.answer = item.answer;
      match.question ??= item.questions[0];
    }
  }
  if (r.passage) match.passage = r.passage;
  return Object.keys(match).length > 0 ? match : undefined;
}
