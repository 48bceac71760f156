import Fuse from 'fuse.js';
import type { TokenCorrector } from './normalize.js';

export interface FuzzyOptions {
  /** Fuse.js score (0 = exact, 1 = anything) above which a correction is refused. */
  threshold?: number;
  /** Shorter tokens are left alone: "mode" must not become "code". */
  minLength?: number;
  /** Entries kept before the memo is cleared. */
  maxEntries?: number;
}

/**
 * Repairs a misspelt key term of the domain ("vitalle", "ordonnace", "provisiore") with fuse.js.
 * Candidates are the key terms that start with the same letter and whose length differs by two
 * letters at most: people rarely get the first letter wrong, and the buckets keep a lookup to a
 * few microseconds. Results (including "no correction") are memoised.
 */
export function createFuzzyCorrector(keyTerms: readonly string[], options: FuzzyOptions = {}): TokenCorrector {
  const threshold = options.threshold ?? 0.3;
  const minLength = options.minLength ?? 5;
  const maxEntries = options.maxEntries ?? 20_000;
  const buckets = new Map<string, Fuse<string>>();
  const byLetter = new Map<string, string[]>();
  for (const term of new Set(keyTerms)) {
    const letter = term.charAt(0);
    byLetter.set(letter, [...(byLetter.get(letter) ?? []), term]);
  }
  for (const [letter, terms] of byLetter) {
    buckets.set(letter, new Fuse(terms, { includeScore: true, threshold, ignoreLocation: true, isCaseSensitive: true }));
  }
  const memo = new Map<string, string | null>();

  return (token) => {
    if (token.length < minLength || !/^[a-z]+$/.test(token)) return undefined;
    const cached = memo.get(token);
    if (cached !== undefined) return cached ?? undefined;
    let best: string | null = null;
    const fuse = buckets.get(token.charAt(0));
    if (fuse) {
      for (const hit of fuse.search(token, { limit: 3 })) {
        if (Math.abs(hit.item.length - token.length) <= 2 && (hit.score ?? 1) <= threshold) {
          best = hit.item;
          break;
        }
      }
    }
    if (memo.size >= maxEntries) memo.clear();
    memo.set(token, best);
    return best ?? undefined;
  };
}
