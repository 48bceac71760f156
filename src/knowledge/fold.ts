/**
 * Text as search compares it: accents and case removed, apostrophes and punctuation turned into
 * spaces ("J'ai oublié" → "j ai oublie"), digits kept ("36 46" stays searchable as "3646" too).
 */
import { stripAccents } from '../shared/fold.js';
import { CONSOLE_STOP_WORDS } from './stop-words.js';

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

/** The words of a folded query that say something (function words dropped: they cost time and match everything); all of them when none does. */
export function meaningfulWords(folded: string): string[] {
  const all = folded ? folded.split(' ') : [];
  const kept = all.filter((w) => !CONSOLE_STOP_WORDS.has(w));
  return kept.length > 0 ? kept : all;
}
