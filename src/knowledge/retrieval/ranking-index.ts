/**
 * A ranking index over analysed documents: the library behind it (MiniSearch or FlexSearch) is a
 * choice made by configuration, so that both can be measured on the same questions
 * (`npm run knowledge:eval -- --index flexsearch`). Documents and queries arrive as terms
 * (analysed by the same Analyzer); the index only ranks.
 */
import type { Field } from './documents.js';

export type IndexName = 'minisearch' | 'flexsearch';
export const INDEX_NAMES: readonly IndexName[] = ['minisearch', 'flexsearch'];

export interface AnalysedDocument {
  index: number;
  /** Terms of each field, space-separated. */
  fields: Record<Field, string>;
  /** Multiplies the document's score (passages weigh a little less than written answers). */
  weight: number;
}

export interface RankedDocument {
  index: number;
  /** Larger is better; comparable within one query only. */
  score: number;
  /** The query terms that matched (exactly, by prefix or fuzzily). */
  matched: string[];
}

export interface QueryOptions {
  limit: number;
  /** The last term may be the start of a word (search as you type). */
  prefixLast: boolean;
  /** Only documents for which this says true. */
  filter?: (index: number) => boolean;
}

export interface RankingIndex {
  readonly name: IndexName;
  /** A typical score of a good match: the score at which a result counts as half-way relevant. */
  readonly midScore: number;
  search(terms: readonly string[], options: QueryOptions): RankedDocument[];
}

/** How much a term found in each field says (a FAQ wording most, a quoted passage least). */
export const FIELD_BOOSTS: Readonly<Record<Field, number>> = {
  questions: 3,
  title: 1.6,
  keywords: 1.6,
  answer: 1.2,
  passage: 1,
};
