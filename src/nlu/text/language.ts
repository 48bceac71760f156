import type { Lexicon } from '../data/types.js';
import type { Language } from '../types.js';

export type LanguageDetector = (tokens: readonly string[]) => Language;

/**
 * French or English, from marker words (knowledge/nlu/lexicon.json, "language"). French wins ties:
 * it is the assistant's language, and short answers ("ok") say nothing either way.
 */
export function createLanguageDetector(lexicon: Lexicon): LanguageDetector {
  const en = new Set(lexicon.language.en);
  const fr = new Set(lexicon.language.fr);
  return (tokens) => {
    let score = 0;
    for (const token of tokens) {
      if (en.has(token)) score += 1;
      if (fr.has(token)) score -= 1;
    }
    return score > 0 ? 'en' : 'fr';
  };
}
