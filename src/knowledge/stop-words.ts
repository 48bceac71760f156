/**
 * The one list of function words: words that say nothing of a topic and match everything.
 * Retrieval, the FAQ matcher and the agent console's fuzzy search leave them out of what they
 * compare, each but the words it says it keeps below (each was tuned on its own list: merging
 * them changed measured answers, so the differences are listed here rather than erased). Words
 * are folded (no accents, lower case, elisions split: "j'ai" reads "j ai").
 */
import type { Language } from '../shared/conversation.js';

/** The words of a text as some reader sees them (normalised, stemmed). */
export type TermReader = (text: string, language: Language) => string[];

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a a-t-il ai aie aient as au aux avec avez avoir avons c ca ce ceci cela celle celles celui ces cet cette ci comme comment d dans de des ' +
    'du elle elles en est est-ce estce et etait ete etre eu eux faire fait il ils j je l la le les leur leurs lui m ma mais me meme mes moi ' +
    'mon n ne ni nos notre nous on ont ou par pas peu peut pour puis qu que quel quelle quelles quels qui s sa sans se ses si soit son sont ' +
    'sur t ta te tes toi ton tu un une vos votre vous y y-a-t-il ' +
    'bonjour merci beaucoup ok svp stp alors donc bien tres aussi ' +
    'a am an and are as at be can could do does for from how i if in is it its me my of on or so that the their them they this to was we ' +
    'what when where which who why will with would you your have has had'
  ).split(/\s+/),
);

/**
 * Function words retrieval keeps: "peut", "faire", "comment" and the like weigh in its ranking
 * ("qui ne peut pas avoir de compte ameli" is about who may have one).
 */
const RETRIEVAL_KEEPS: ReadonlySet<string> = new Set('a-t-il am comment faire fait peut puis that y-a-t-il'.split(' '));
export const RETRIEVAL_STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS].filter((w) => !RETRIEVAL_KEEPS.has(w)));

/**
 * Function words the FAQ matcher keeps: its questions are short, and a negation, a question word
 * or a demonstrative is often what tells two of them apart ("je n'ai pas reçu le code", "comment",
 * "quel délai", "what", "when"). Its scores and thresholds were set with these words in.
 */
const FAQ_KEEPS: ReadonlySet<string> = new Set(
  (
    'a-t-il aie aient aussi avons ceci celle celles celui ces cet cette ci comme comment est-ce estce etait ete eu eux lui mais meme ni nos ' +
    'notre pas peu peut puis quel quelle quelles quels sans si soit toi y-a-t-il ' +
    'and can could from how if its or so their them they was we what when where which who why will would you your'
  ).split(/\s+/),
);
export const FAQ_STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS].filter((w) => !FAQ_KEEPS.has(w)));

/**
 * Function words the agent console's fuzzy search keeps. "mes": agents type it for Mon espace santé
 * (their queries are not read by the NLU, which expands "MES" before retrieval drops the word).
 * The others: its fuzzy scores were tuned with them in, and dropping them loses whole questions
 * (test/integration/agent-console/agent-search.test.ts).
 */
const CONSOLE_KEEPS: ReadonlySet<string> = new Set(
  (
    'mes aie aient alors aussi avoir avons bien bonjour c ca ceci cela celle celles celui ci comme dans donc elles estce etait ete etre eu ' +
    'eux leurs mais meme merci moi n ont peu s sans soit stp svp toi tres ' +
    'am at be could if its so that their them they this was we will would'
  ).split(/\s+/),
);
export const CONSOLE_STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS].filter((w) => !CONSOLE_KEEPS.has(w)));

/**
 * The function words as a reader returns them (stemmed, say), beside their folded form, per
 * language and computed once. A word the reader expands into several ("mes" may become "mon espace
 * santé") is not one: it says something.
 */
export function stopWordsAsRead(read: TermReader, words: ReadonlySet<string>): (language: Language) => ReadonlySet<string> {
  const byLanguage = new Map<Language, Set<string>>();
  return (language) => {
    let set = byLanguage.get(language);
    if (!set) {
      set = new Set(words);
      for (const w of words) {
        const terms = read(w, language);
        if (terms.length === 1 && terms[0]) set.add(terms[0]);
      }
      byLanguage.set(language, set);
    }
    return set;
  };
}
