import type { Lexicon } from '../data/types.js';
import { tokenize } from './tokenize.js';
import { foldText } from '../../shared/fold.js';
import { createMemo } from '../../shared/memo.js';

/** Corrects a token that is not in the training vocabulary (typos), or returns undefined. */
export type TokenCorrector = (token: string) => string | undefined;

export interface NormalizerOptions {
  lexicon: Lexicon;
  /**
   * Words of the training data. A token outside it is repaired: repeated letters ("mercii"),
   * then `correct` (fuzzy matching of key terms). Without a vocabulary nothing is repaired — that
   * is how the vocabulary itself is built.
   */
  vocabulary?: ReadonlySet<string>;
  correct?: TokenCorrector;
}

/** A normalised token and the characters of the input it comes from. */
export interface TokenSpan {
  token: string;
  start: number;
  end: number;
}

export interface Normalizer {
  /** Lower case, no accents, elisions split, abbreviations expanded, typos repaired, as tokens. */
  tokens(text: string): string[];
  /** The same, joined by single spaces. */
  text(text: string): string;
  /**
   * The same tokens with their place in the input (word by word, so a little slower): for
   * entities found in normalised text, such as "d'accord" → de accord.
   */
  spans(text: string): TokenSpan[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex matching any key as a whole word (longest first), and the lookup table. */
function wordAlternation(map: Record<string, string>, fold: boolean, flags: string): { re: RegExp; table: Map<string, string> } | undefined {
  const table = new Map<string, string>();
  for (const [key, value] of Object.entries(map)) table.set(fold ? foldText(key) : key, value);
  if (table.size === 0) return undefined;
  const keys = [...table.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return { re: new RegExp(`(?<![\\p{L}\\p{N}'])(?:${keys.join('|')})(?![\\p{L}\\p{N}'])`, flags), table };
}

const NON_WORD = /[^a-z0-9]+/g;
/** A word of the input, apostrophes inside it included ("d'accord", "can't"). */
const RAW_WORD = /[\p{L}\p{N}]+(?:['’‘`´ʼ][\p{L}\p{N}]+)*/gu;
const DIGITS = /^\d+$/;
/** Texts whose reading is remembered. */
const REMEMBERED = 2000;

/**
 * Builds the normaliser from the lexicon (knowledge/nlu/lexicon.json). Every word-level rule lives
 * in that data file; this code only knows the order in which the rules apply:
 * case-sensitive acronyms (MES) → fold case/accents → whole words (aujourd'hui) → French elisions
 * (j' → je) → English contractions (n't → not) → punctuation → tokens → abbreviations (mdp) →
 * repairs outside the vocabulary (mercii, vitalle) → multi-word phrases (e mail → email).
 */
export function createNormalizer(options: NormalizerOptions): Normalizer {
  const { lexicon, vocabulary, correct } = options;
  const acronyms = wordAlternation(lexicon.caseSensitive, false, 'gu');
  const wholeWords = wordAlternation(lexicon.wholeWords, true, 'gu');
  const elisionKeys = Object.keys(lexicon.elisions).sort((a, b) => b.length - a.length).map(escapeRegExp);
  const elisionRe = new RegExp(`(?<![a-z0-9])(${elisionKeys.join('|')})'(?=[a-z0-9])`, 'g');
  const suffixKeys = Object.keys(lexicon.suffixContractions).sort((a, b) => b.length - a.length).map(escapeRegExp);
  const suffixRe = new RegExp(`(?<=[a-z])(${suffixKeys.join('|')})(?![a-z])`, 'g');

  // Abbreviations written with symbols ("n°", "ameli.fr") are replaced before punctuation goes.
  const plainAbbreviations = new Map<string, string[]>();
  const symbolic: Record<string, string> = {};
  for (const [key, value] of Object.entries(lexicon.abbreviations)) {
    const folded = foldText(key);
    if (/^[a-z0-9]+$/.test(folded)) plainAbbreviations.set(folded, value.split(' ').filter(Boolean));
    else symbolic[folded] = value;
  }
  const symbolicAbbreviations = wordAlternation(symbolic, false, 'g');

  const base = (text: string): string[] => {
    let s = acronyms ? text.replace(acronyms.re, (m) => ` ${acronyms.table.get(m) ?? m} `) : text;
    s = foldText(s);
    if (wholeWords) s = s.replace(wholeWords.re, (m) => ` ${wholeWords.table.get(m) ?? m} `);
    if (symbolicAbbreviations) s = s.replace(symbolicAbbreviations.re, (m) => ` ${symbolicAbbreviations.table.get(m) ?? m} `);
    s = s.replace(elisionRe, (_m, word: string) => `${lexicon.elisions[word] ?? word} `);
    s = s.replace(suffixRe, (_m, suffix: string) => lexicon.suffixContractions[suffix] ?? '');
    s = s.replace(NON_WORD, ' ');
    return tokenize(s);
  };

  const repair = (token: string): string => {
    if (!vocabulary || vocabulary.has(token) || DIGITS.test(token)) return token;
    // "bonjouuuur" → "bonjouur" → "bonjour"; "mercii" → "merci". French doubles ("appelle",
    // "connexion") are in the vocabulary, so only unknown words are squeezed.
    const squeezed = token.replace(/(\p{L})\1{2,}/gu, '$1$1');
    if (vocabulary.has(squeezed)) return squeezed;
    const single = squeezed.replace(/(\p{L})\1/gu, '$1');
    if (vocabulary.has(single)) return single;
    return correct?.(squeezed) ?? squeezed;
  };

  const expand = (tokens: string[]): string[] => {
    const out: string[] = [];
    for (const raw of tokens) {
      const abbreviation = plainAbbreviations.get(raw);
      if (abbreviation) {
        out.push(...abbreviation);
        continue;
      }
      const repaired = repair(raw);
      const again = repaired === raw ? undefined : plainAbbreviations.get(repaired);
      if (again) out.push(...again);
      else out.push(repaired);
    }
    return out;
  };

  /**
   * Replaces known multi-word sequences, longest first; `merge` builds one output item. Passes are
   * repeated while something changes, so that "adresse e mail" → "adresse email" → "email".
   */
  const applyPhrases = <T>(items: T[], tokenOf: (item: T) => string, merge: (token: string, first: T, last: T) => T): T[] => {
    let current = items;
    for (let pass = 0; pass < 3; pass++) {
      const next = phrasePass(current, tokenOf, merge);
      if (next.length === current.length) return next;
      current = next;
    }
    return current;
  };

  const phrasePass = <T>(items: T[], tokenOf: (item: T) => string, merge: (token: string, first: T, last: T) => T): T[] => {
    if (phraseTable.size === 0) return items;
    const out: T[] = [];
    let i = 0;
    while (i < items.length) {
      let matched = false;
      for (let n = Math.min(longestPhrase, items.length - i); n >= 2; n--) {
        const replacement = phraseTable.get(items.slice(i, i + n).map(tokenOf).join(' '));
        if (replacement) {
          for (const token of replacement) out.push(merge(token, items[i] as T, items[i + n - 1] as T));
          i += n;
          matched = true;
          break;
        }
      }
      if (!matched) out.push(items[i++] as T);
    }
    return out;
  };

  const phraseTable = new Map<string, string[]>();
  let longestPhrase = 0;
  // Phrase keys go through the same rules, so that an editor can write "boite mail" even though
  // "mail" is itself expanded to "email".
  for (const [key, value] of Object.entries(lexicon.phrases)) {
    const keyTokens = expand(base(key));
    if (keyTokens.length < 2) continue;
    phraseTable.set(keyTokens.join(' '), value.split(' ').filter(Boolean));
    longestPhrase = Math.max(longestPhrase, keyTokens.length);
  }

  // The same words come back turn after turn and are read by several parts (intent, retrieval,
  // FAQ, answers): the last texts' readings are remembered, and handed out as copies.
  const rememberedTokens = createMemo<readonly string[]>(REMEMBERED);
  const rememberedSpans = createMemo<readonly TokenSpan[]>(REMEMBERED);

  const tokens = (text: string): string[] => {
    let found = rememberedTokens.get(text);
    if (!found) {
      found = applyPhrases(
        expand(base(text)),
        (t) => t,
        (t) => t,
      );
      rememberedTokens.set(text, found);
    }
    return [...found];
  };

  const spans = (text: string): TokenSpan[] => {
    let found = rememberedSpans.get(text);
    if (!found) {
      found = spansAfresh(text);
      rememberedSpans.set(text, found);
    }
    return found.map((s) => ({ ...s }));
  };

  const spansAfresh = (text: string): TokenSpan[] => {
    const items: TokenSpan[] = [];
    for (const word of text.matchAll(RAW_WORD)) {
      for (const token of expand(base(word[0]))) items.push({ token, start: word.index, end: word.index + word[0].length });
    }
    return applyPhrases(
      items,
      (s) => s.token,
      (token, first, last) => ({ token, start: first.start, end: last.end }),
    );
  };

  return { tokens, text: (text) => tokens(text).join(' '), spans };
}
