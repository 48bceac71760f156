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

/** The words of a text as some reader sees them (normalised, stemmed). */
export type TermReader = (text: string, language: Language) => string[];

export interface Analyzer {
  /** Meaningful terms of a text, in order, repeats kept (term frequency matters to BM25). */
  terms(text: string, language: Language): string[];
}

/** Function words, folded. "mes" is one: the NLU reads "MES" (capitals) as Mon espace santé before this. */
const STOP_WORDS: readonly string[] = (
  'a ai aie aient as au aux avec avez avoir avons c ca ce ceci cela celle celles celui ces cet cette ci comme d dans de des du elle elles en est et etait ete etre eu eux il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas peu pour qu que quel quelle quelles quels qui s sa sans se ses si soit son sont sur t ta te tes toi ton tu un une vos votre vous y ' +
  'est-ce estce bonjour merci svp stp alors donc bien tres aussi ' +
  'a an and are as at be can could do does for from how i if in is it its me my of on or so the their them they this to was we what when where which who why will with would you your'
).split(/\s+/);

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

export function createAnalyzer(read: TermReader = plainTermReader()): Analyzer {
  // Function words as the reader returns them (stemmed); a word it expands into several ("mes"
  // may become "mon espace santé") is not one.
  const stops = new Map<Language, Set<string>>();
  const stopsIn = (language: Language): Set<string> => {
    let set = stops.get(language);
    if (!set) {
      set = new Set(STOP_WORDS);
      for (const w of STOP_WORDS) {
        const terms = read(w, language);
        if (terms.length === 1 && terms[0]) set.add(terms[0]);
      }
      stops.set(language, set);
    }
    return set;
  };
  return {
    terms(text, language) {
      const stop = stopsIn(language);
      const raw = read(text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text, language);
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
    },
  };
}
