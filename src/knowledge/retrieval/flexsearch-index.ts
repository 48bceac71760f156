/**
 * The ranking index on FlexSearch, kept to compare with MiniSearch on the same questions. FlexSearch
 * ranks by term position and gives no score, so each field is searched on its own (`suggest`: the
 * documents that match some of the terms, not only all of them) and a document scores the sum, over
 * its fields, of the field's boost divided by its rank there (reciprocal-rank fusion), times the
 * share of query terms it holds. Prefixes come from the "forward" tokenizer; there is no edit
 * distance on analysed terms.
 */
import { Index, type Id } from 'flexsearch';
import { FIELDS, type Field } from './documents.js';
import { FIELD_BOOSTS, type AnalysedDocument, type QueryOptions, type RankedDocument, type RankingIndex } from './ranking-index.js';

/** Rank offset of the fusion: the first rank is worth 1/(1+K) of the boost. */
const RANK_OFFSET = 2;
const PER_FIELD_LIMIT = 200;

export function createFlexSearchIndex(docs: readonly AnalysedDocument[]): RankingIndex {
  const split = (text: string) => text.split(' ').filter(Boolean);
  const indexes = new Map<Field, Index>();
  for (const field of FIELDS) {
    const index = new Index({ tokenize: 'forward', resolution: 9, encode: split });
    for (const d of docs) if (d.fields[field]) index.add(d.index, d.fields[field]);
    indexes.set(field, index);
  }
  // Which terms each document holds, to say which query terms matched.
  const termSets = docs.map((d) => new Set(FIELDS.flatMap((f) => split(d.fields[f]))));
  const weights = docs.map((d) => d.weight);

  return {
    name: 'flexsearch',
    midScore: 0.5,
    search(terms, options: QueryOptions): RankedDocument[] {
      if (terms.length === 0) return [];
      const query = terms.join(' ');
      const scores = new Map<number, number>();
      for (const field of FIELDS) {
        const ids: Id[] = indexes.get(field)?.search(query, { limit: PER_FIELD_LIMIT, suggest: true }) ?? [];
        ids.forEach((id, rank) => {
          const doc = Number(id);
          scores.set(doc, (scores.get(doc) ?? 0) + FIELD_BOOSTS[field] / (rank + 1 + RANK_OFFSET));
        });
      }
      const lastTerm = terms[terms.length - 1] ?? '';
      const ranked: RankedDocument[] = [];
      for (const [doc, score] of scores) {
        if (options.filter && !options.filter(doc)) continue;
        const held = termSets[doc] ?? new Set<string>();
        const matched = terms.filter((t, i) => held.has(t) || (options.prefixLast && i === terms.length - 1 && [...held].some((h) => h.startsWith(lastTerm))));
        if (matched.length === 0) continue;
        ranked.push({ index: doc, score: score * (matched.length / terms.length) * (weights[doc] ?? 1), matched });
      }
      return ranked.sort((a, b) => b.score - a.score).slice(0, options.limit);
    },
  };
}
