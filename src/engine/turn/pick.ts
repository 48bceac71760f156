/**
 * Which item of a ranked list of retrieval hits answers a question: the first, or a precise item of
 * the first entry close behind it; none when two different items tie at the top (the message asks
 * a topic in general), unless they say the same fact.
 */
import type { RetrievalHit } from '../../knowledge/types.js';
import { foldText } from '../../shared/fold.js';

export interface Pick {
  entryId: string;
  faqId?: string;
  score: number;
}

/**
 * Two different items this close at the top: the message asks the topic in general ("c'est quoi
 * Mon espace santé ?" matches every item about it equally), not one of them.
 */
const GENERIC_MARGIN = 0.02;
/** Two items at the top with the third below this share of them: one fact said in two places. */
const DUPLICATE_SHARE = 0.7;

/** An entry's general answer this close above one of its precise items: the precise item is asked. */
const PRECISE_MARGIN = 0.08;

/**
 * "Combien de temps", "how long": words that ask for a duration or a number. An item asking one
 * does not answer a message that asks none ("Can I refuse to have one?" is not "how long do I have
 * to refuse?"), however close their scores.
 */
const HOW_MUCH = /\b(combien|cb|cmb|cbn|quand|delai|dure|duree|how long|how many|how much|when)\b/;

export function asksOtherwise(hit: { question?: string }, asked: string | undefined): boolean {
  if (asked === undefined || !hit.question) return false;
  return HOW_MUCH.test(foldText(hit.question)) && !HOW_MUCH.test(foldText(asked));
}

export function pickFrom(candidates: readonly RetrievalHit[], minScore: number, asked?: string): Pick | undefined {
  const [top] = candidates;
  const precise = top?.kind === 'entry' ? candidates.find((h) => h.kind === 'faq' && h.entryId === top.entryId && top.score - h.score <= PRECISE_MARGIN && h.score >= minScore && !asksOtherwise(h, asked)) : undefined;
  const [first, second] = precise ? [precise, ...candidates.filter((h) => h !== precise && h !== top)] : candidates;
  if (!first || first.score < minScore) return undefined;
  const sameItem = (a: RetrievalHit, b: RetrievalHit) => a.entryId === b.entryId && a.faqId === b.faqId;
  // …unless the two stand alone far above the rest: the same fact said in two places, not a topic in general.
  const third = second ? candidates.find((h) => !sameItem(h, first) && !sameItem(h, second)) : undefined;
  const pairAlone = third !== undefined && third.score < first.score * DUPLICATE_SHARE;
  // …or when the two say mostly the same ("les règles du mot de passe" and "les règles de
  // l'identifiant et du mot de passe"): the fact asked is in both.
  const tied = second !== undefined && !sameItem(first, second) && first.score - second.score < GENERIC_MARGIN;
  if (tied && !pairAlone && !sayTheSame(first.text, second.text)) return undefined;
  // A passage of the sources answers through its entry (the chat never shows raw passages).
  const item = first.kind === 'passage' ? candidates.find((h) => h.entryId === first.entryId && h.kind === 'faq') : first;
  return { entryId: first.entryId, ...(item?.faqId ? { faqId: item.faqId } : {}), score: first.score };
}

/** Share of the shorter text's words the longer one holds for two answers to say the same. */
const SAME_WORDS_SHARE = 0.6;

function sayTheSame(a: string, b: string): boolean {
  const words = (t: string) => new Set(foldText(t).split(/[^a-z0-9]+/).filter((w) => w.length >= 3));
  const [x, y] = [words(a), words(b)];
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size === 0) return false;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared += 1;
  return shared / small.size >= SAME_WORDS_SHARE;
}
