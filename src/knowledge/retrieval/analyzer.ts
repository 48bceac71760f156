/**
 * How retrieval reads text, on both sides (the indexed knowledge and the question): the words as
 * the NLU reads them when it is given (case, accents, elisions, abbreviations such as "mdp", "MES",
 * "cv" expanded, typos repaired, stemmed), else a plain French reading of our own (folded,
 * elisions split, Porter-stemmed); then without function words, and with digit groups joined
 * ("36 46" is also "3646"). The NLU's reader is injected (TermReader) so that knowledge/ never
 * imports the NLU or the engine.
 */
import porterStemmerEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import porterStemmerFr from 'natural/lib/natural/stemmers/porter_stemmer_fr.js';
import type { Language } from '../../shared/conversation.js';
import { foldText } from '../../shared/fold.js';
import { RETRIEVAL_STOP_WORDS, stopWordsAsRead, type TermReader } from '../stop-words.js';

export type { TermReader };

export interface Analyzer {
  /** Meaningful terms of a text, in order, repeats kept (term frequency matters to BM25). */
  terms(text: string, language: Language): string[];
}

const ELISION = /\b([cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’‘`](?=\p{L})/giu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const MAX_TEXT = 4000;


/** Our own reading, when the NLU's is not given: folded words, elisions split, stemmed. */
export function plainTermReader(): TermReader {
  const memo = { fr: new Map<string, string>(), en: new Map<string, string>() };
  const stem = (word: string, language: Language): string => {
    const table = memo[language];
    const hit = table.get(word);
    if (hit !== undefined) return hit;
    const stemmed = /\d/.test(word) ? word : (language === 'en' ? porterStemmerEn : porterStemmerFr).stem(word);
    if (table.size > 20_000) table.clear();
    table.set(word, stemmed);
    return stemmed;
  };
  return (text, language) =>
    foldText(text)
      .replace(ELISION, '$1 ')
      .split(NON_WORD)
      .filter(Boolean)
      .map((w) => stem(w, language));
}

/** Texts whose terms are remembered (the knowledge's own are about 3,000 per language); beyond, the memo starts over. */
const MEMO_SIZE = 20_000;

/**
 * The analyzer remembers the terms of each text it read: building the indexes reads the same
 * titles, questions and passages several times (the named entries, the retrieval documents and
 * their wordings), and the NLU's reading is the costly part of start-up. The reader must be a
 * function of its arguments (the NLU's and ours are); callers get their own copy of the terms.
 */
export function createAnalyzer(read: TermReader = plainTermReader()): Analyzer {
  const stopsIn = stopWordsAsRead(read, RETRIEVAL_STOP_WORDS);
  const memo = { fr: new Map<string, readonly string[]>(), en: new Map<string, readonly string[]>() };
  const analyse = (text: string, language: Language): string[] => {
    const stop = stopsIn(language);
    const raw = read(text, language);
    const out: string[] = [];
    let digits = '';
    let groups = 0;
    const flushDigits = () => {
      // "09 74 75 36 46" is searched as written and as one number.
      if (groups > 1) out.push(digits);
      digits = '';
      groups = 0;
    };
    for (const term of raw) {
      if (/^\d+$/.test(term)) {
        digits += term;
        groups += 1;
        out.push(term);
        continue;
      }
      flushDigits();
      if (term.length > 0 && !stop.has(term)) out.push(term);
    }
    flushDigits();
    return out;
  };
  return {
    terms(text, language) {
      const cut = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
      const table = memo[language];
      let terms = table.get(cut);
      if (!terms) {
        terms = analyse(cut, language);
        if (table.size >= MEMO_SIZE) table.clear();
        table.set(cut, terms);
      }
      return [...terms];
    },
  };
}
