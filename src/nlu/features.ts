import type { SparseVector } from './classifier/sparse.js';
import type { ModelSettings } from './data/types.js';

export type FeatureSettings = ModelSettings['features'];

/** The raw features of one utterance, before they are looked up in the feature space. */
export interface FeatureBag {
  /** Stems and stem bigrams: what the utterance is about. */
  words: string[];
  /** Character n-grams of the normalised words: what survives a typo ("vitalle", "provisiore"). */
  chars: string[];
}

export function featureBag(tokens: readonly string[], stems: readonly string[], settings: FeatureSettings): FeatureBag {
  const words: string[] = [];
  if (settings.wordUnigrams) for (const s of stems) words.push(`w:${s}`);
  if (settings.wordBigrams) for (let i = 1; i < stems.length; i++) words.push(`b:${stems[i - 1] as string} ${stems[i] as string}`);
  const chars: string[] = [];
  const range = settings.charNgrams;
  if (range) {
    for (const token of tokens) {
      if (token.startsWith('zz')) continue;
      const padded = ` ${token} `;
      for (let n = range.min; n <= range.max; n++) {
        for (let i = 0; i + n <= padded.length; i++) chars.push(`c:${padded.slice(i, i + n)}`);
      }
    }
  }
  return { words, chars };
}

/** Feature names → column, with the inverse document frequency of each. */
export interface FeatureSpace {
  index: Map<string, number>;
  idf: Float64Array;
  charWeight: number;
}

/**
 * Columns for every word feature of the training data, and for character n-grams seen in at least
 * `minCharDf` utterances (rarer ones are noise and would double the model's size).
 */
export function buildFeatureSpace(bags: readonly FeatureBag[], settings: FeatureSettings, minCharDf = 2): { space: FeatureSpace; names: string[] } {
  const df = new Map<string, number>();
  for (const bag of bags) {
    for (const f of new Set([...bag.words, ...bag.chars])) df.set(f, (df.get(f) ?? 0) + 1);
  }
  const names = [...df.entries()]
    .filter(([name, count]) => !name.startsWith('c:') || count >= minCharDf)
    .map(([name]) => name)
    .sort();
  const idf = Float64Array.from(names, (name) => Math.log((1 + bags.length) / (1 + (df.get(name) ?? 0))) + 1);
  return { space: { index: new Map(names.map((name, i) => [name, i])), idf, charWeight: settings.charWeight }, names };
}

export function restoreFeatureSpace(names: readonly string[], idf: readonly number[], settings: FeatureSettings): FeatureSpace {
  return { index: new Map(names.map((name, i) => [name, i])), idf: Float64Array.from(idf), charWeight: settings.charWeight };
}

export type Vectorizer = (tokens: readonly string[], stems: readonly string[]) => SparseVector;

/**
 * Sub-linear TF × IDF, each block (words, characters) L2-normalised, characters scaled by
 * charWeight — computed straight from tokens, without building feature strings for known words:
 * the columns of a token's character n-grams are memoised, and counts go to a reused scratch
 * array. Training and parsing use the same vectorizer, so their vectors are identical.
 */
export function createVectorizer(space: FeatureSpace, settings: FeatureSettings, options: { maxCachedTokens?: number } = {}): Vectorizer {
  const maxCached = options.maxCachedTokens ?? 50_000;
  const charCache = new Map<string, Int32Array>();
  const wordCache = new Map<string, number>();
  const counts = new Float64Array(space.idf.length);
  const range = settings.charNgrams;

  const charColumns = (token: string): Int32Array => {
    let columns = charCache.get(token);
    if (columns) return columns;
    const found: number[] = [];
    if (range && !token.startsWith('zz')) {
      const padded = ` ${token} `;
      for (let n = range.min; n <= range.max; n++) {
        for (let i = 0; i + n <= padded.length; i++) {
          const column = space.index.get(`c:${padded.slice(i, i + n)}`);
          if (column !== undefined) found.push(column);
        }
      }
    }
    columns = Int32Array.from(found);
    if (charCache.size >= maxCached) charCache.clear();
    charCache.set(token, columns);
    return columns;
  };

  const wordColumn = (feature: string): number => {
    let column = wordCache.get(feature);
    if (column === undefined) {
      column = space.index.get(feature) ?? -1;
      if (wordCache.size >= maxCached) wordCache.clear();
      wordCache.set(feature, column);
    }
    return column;
  };

  const indices: number[] = [];
  const values: number[] = [];
  const touched: number[] = [];
  const count = (column: number) => {
    if (column < 0) return;
    if (counts[column] === 0) touched.push(column);
    counts[column] = (counts[column] as number) + 1;
  };
  const flush = (weight: number) => {
    const start = values.length;
    let norm = 0;
    for (const column of touched) {
      const v = (1 + Math.log(counts[column] as number)) * (space.idf[column] as number);
      counts[column] = 0;
      indices.push(column);
      values.push(v);
      norm += v * v;
    }
    touched.length = 0;
    const scale = norm > 0 ? weight / Math.sqrt(norm) : 0;
    for (let i = start; i < values.length; i++) values[i] = (values[i] as number) * scale;
  };

  return (tokens, stems) => {
    indices.length = 0;
    values.length = 0;
    if (settings.wordUnigrams) for (const stem of stems) count(wordColumn(`w:${stem}`));
    if (settings.wordBigrams) for (let i = 1; i < stems.length; i++) count(wordColumn(`b:${stems[i - 1] as string} ${stems[i] as string}`));
    flush(1);
    if (range && space.charWeight > 0) {
      for (const token of tokens) for (const column of charColumns(token)) count(column);
      flush(space.charWeight);
    }
    return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
  };
}
