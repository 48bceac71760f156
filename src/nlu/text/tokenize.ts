import AggressiveTokenizerFr from 'natural/lib/natural/tokenizers/aggressive_tokenizer_fr.js';

const tokenizer = new AggressiveTokenizerFr();

/**
 * Splits normalised text (lower case, no accents, no apostrophes) into words with natural's French
 * tokenizer. Hyphens were turned into spaces by the normaliser, so "peut-etre" is two words, as the
 * training data sees it.
 */
export function tokenize(normalised: string): string[] {
  return tokenizer.tokenize(normalised).filter((t) => t.length > 0 && t !== '-');
}
