import Fuse from 'fuse.js';
import type { Lexicon } from './data/types.js';
import type { Normalizer } from './text/normalize.js';
import { createMemo, type Memo } from '../shared/memo.js';

export interface ChoiceOption {
  id: string;
  synonyms: string[];
}

export interface ChoicePick {
  id: string;
  /** Token positions of the words that picked it (for the residual). */
  tokens: Set<number>;
  how: 'synonym' | 'ordinal' | 'fuzzy';
}

/** `writtenOnly`: only a synonym written in the text counts (commands, alternatives): no ordinal, no near miss. */
export type ChoiceMatcher = (tokens: readonly string[], options: readonly ChoiceOption[], how?: { writtenOnly?: boolean }) => ChoicePick | undefined;

/** Texts whose nearest option by fuse.js is remembered, per options list. */
const NEAREST_REMEMBERED = 500;

/** Where `needle` occurs in `haystack`, as a run of tokens. */
function findRun(haystack: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** Words that turn a synonym into its opposite when they follow it ("je l'ai pas") or precede it ("pas reçu"). */
const NEGATIONS_AFTER = new Set(['pas', 'plus', 'jamais', 'not', 'never']);
const NEGATIONS_BEFORE = new Set(['ne', 'pas', 'not', 'never', 'jamais']);

function negated(tokens: readonly string[], start: number, length: number): boolean {
  const after = tokens[start + length];
  const before = tokens[start - 1];
  return (after !== undefined && NEGATIONS_AFTER.has(after)) || (before !== undefined && NEGATIONS_BEFORE.has(before));
}

function positions(start: number, length: number): Set<number> {
  return new Set(Array.from({ length }, (_, k) => start + k));
}

/**
 * Reads which option of a choice the person picked: a synonym in the text (the longest one wins;
 * two options matching equally is no pick), an ordinal ("le deuxième", "2", "the last one"), or —
 * for typos — the closest synonym by fuse.js. Normalised synonyms are memoised per options list.
 */
export function createChoiceMatcher(lexicon: Lexicon, normalizer: Normalizer, fuzzyThreshold = 0.35): ChoiceMatcher {
  const ordinals = lexicon.ordinals.map((list) => list.map((w) => normalizer.tokens(w)));
  const last = lexicon.lastOrdinal.map((w) => normalizer.tokens(w));
  // Callers often build the options list afresh for each turn: the prepared index is kept by the
  // list's content, not by its identity (bounded: the procedures have a few dozen lists).
  const prepared = new Map<string, { synonyms: Array<{ id: string; tokens: string[] }>; fuse: Fuse<{ id: string; text: string }>; maxFuzzyLength: number; nearest: Memo<string> }>();
  const maxPrepared = 512;

  const prepare = (options: readonly ChoiceOption[]) => {
    const key = options.map((o) => `${o.id}\u0001${o.synonyms.join('\u0001')}`).join('\u0002');
    let p = prepared.get(key);
    if (!p) {
      const synonyms = options.flatMap((o) => [o.id, ...o.synonyms].map((s) => ({ id: o.id, tokens: normalizer.tokens(s) }))).filter((s) => s.tokens.length > 0);
      const fuse = new Fuse(
        synonyms.map((s) => ({ id: s.id, text: s.tokens.join(' ') })),
        { keys: ['text'], includeScore: true, threshold: fuzzyThreshold, ignoreLocation: true },
      );
      // A sentence much longer than every synonym is not a typo of one (each extra character is an
      // error, and the threshold allows 35% of them): fuse.js is not asked, which keeps a question
      // typed in the middle of a choice cheap.
      const longest = Math.max(0, ...synonyms.map((s) => s.tokens.join(' ').length));
      // What fuse.js made of the last texts ("" for no option): the same answers come back.
      p = { synonyms, fuse, maxFuzzyLength: Math.ceil(longest / (1 - fuzzyThreshold)) + 1, nearest: createMemo<string>(NEAREST_REMEMBERED) };
      if (prepared.size >= maxPrepared) prepared.clear();
      prepared.set(key, p);
    }
    return p;
  };

  return (tokens, options, how = {}) => {
    if (options.length === 0 || tokens.length === 0) return undefined;
    const { synonyms, fuse, maxFuzzyLength, nearest } = prepare(options);

    let best: { id: string; start: number; length: number } | undefined;
    let tie = false;
    for (const s of synonyms) {
      const at = findRun(tokens, s.tokens);
      // "je l'ai pas", "je ne l'ai pas reçu": a negated synonym does not pick its option.
      if (at < 0 || negated(tokens, at, s.tokens.length)) continue;
      if (!best || s.tokens.length > best.length) {
        tie = false;
        best = { id: s.id, start: at, length: s.tokens.length };
      } else if (s.tokens.length === best.length && s.id !== best.id) {
        tie = true;
      }
    }
    if (best && !tie) return { id: best.id, tokens: positions(best.start, best.length), how: 'synonym' };
    if (tie || how.writtenOnly) return undefined;

    const lists: Array<[number, string[][]]> = [...ordinals.map((list, n): [number, string[][]] => [n, list]), [options.length - 1, last]];
    for (const [n, list] of lists) {
      const option = options[n];
      if (!option) continue;
      for (const words of list) {
        const at = findRun(tokens, words);
        // "2" alone picks the second option; inside a longer answer it may be anything.
        if (at >= 0 && (words.length > 1 || tokens.length <= 3)) return { id: option.id, tokens: positions(at, words.length), how: 'ordinal' };
      }
    }

    const text = tokens.join(' ');
    if (text.length > maxFuzzyLength) return undefined;
    let id = nearest.get(text);
    if (id === undefined) {
      const [first, second] = fuse.search(text, { limit: 2 });
      id = first && (!second || second.item.id === first.item.id || (second.score ?? 1) - (first.score ?? 1) > 0.1) ? first.item.id : '';
      nearest.set(text, id);
    }
    return id ? { id, tokens: positions(0, tokens.length), how: 'fuzzy' } : undefined;
  };
}
