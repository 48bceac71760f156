/**
 * Text as search compares it: accents and case removed, apostrophes and punctuation turned into
 * spaces ("J'ai oublié" → "j ai oublie"), digits kept ("36 46" stays searchable as "3646" too).
 */
import { stripAccents } from '../shared/fold.js';
export function fold(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function words(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/**
 * Words that carry no topic, dropped from fuzzy queries: they cost time and match everything.
 * "mes" is not one of them here: agents type it for Mon espace santé.
 */
const STOPWORDS = new Set(
  (
    'a au aux avec ce ces cet cette comment d de des du elle en est et il ils j je l la le les leur lui m ma me mon ne ni nos notre nous on ou par pas pour qu que quel quelle quelles quels qui sa se ses si son sont sur t ta te tes ton tu un une vos votre vous y ' +
    'est-ce puis peut faire fait ai as avez a-t-il y-a-t-il ' +
    'an and are can do does for from how i in is it my of on or the to what when where which who why with you your'
  ).split(/\s+/),
);

/** The words of a folded query that say something; all of them when none does. */
export function meaningfulWords(folded: string): string[] {
  const all = folded ? folded.split(' ') : [];
  const kept = all.filter((w) => !STOPWORDS.has(w));
  return kept.length > 0 ? kept : all;
}
