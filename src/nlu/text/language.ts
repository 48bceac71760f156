import type { Lexicon } from '../data/types.js';
import type { Language } from '../types.js';
import { createPhraseSet } from '../../shared/phrases.js';

export type LanguageDetector = (tokens: readonly string[]) => Language;

/**
 * French or English, from marker words (knowledge/nlu/lexicon.json, "language"). French wins ties:
 * it is the assistant's language, and short answers ("ok") say nothing either way. Names that
 * read the same in both languages ("what is Mon espace santé?") are not counted: their French
 * words would outvote a short English question.
 */
export function createLanguageDetector(lexicon: Lexicon): LanguageDetector {
  const en = new Set(lexicon.language.en);
  const fr = new Set(lexicon.language.fr);
  const neutral = createPhraseSet(lexicon.language.neutral ?? []);
  return (tokens) => {
    let score = 0;
    for (let i = 0; i < tokens.length; i++) {
      const name = neutral.at(tokens, i);
      if (name) {
        i = name.end - 1;
        continue;
      }
      const token = tokens[i] ?? '';
      if (en.has(token)) score += 1;
      if (fr.has(token)) score -= 1;
    }
    return score > 0 ? 'en' : 'fr';
  };
}
