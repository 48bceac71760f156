/**
 * The ranking index on MiniSearch: BM25+ per field with field boosts, fuzzy matching of longer
 * terms (one edit in five characters: "identifient", "ordonance"), and prefix matching of the
 * last term while an agent types.
 */
import MiniSearch from 'minisearch';
import { FIELDS } from './documents.js';
import { FIELD_BOOSTS, type AnalysedDocument, type QueryOptions, type RankedDocument, type RankingIndex } from './ranking-index.js';

/** Terms shorter than this are matched exactly (or as a prefix): fuzziness on "mdp" is noise. */
const FUZZY_MIN_LENGTH = 5;
const FUZZINESS = 0.2;

export function createMiniSearchIndex(docs: readonly AnalysedDocument[]): RankingIndex {
  const weights = docs.map((d) => d.weight);
  const mini = new MiniSearch<{ id: number } & Record<string, string | number>>({
    fields: [...FIELDS],
    idField: 'id',
    // Documents arrive analysed: terms separated by spaces.
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean), processTerm: (term) => term },
  });
  mini.addAll(docs.map((d) => ({ id: d.index, ...d.fields })));

  return {
    name: 'minisearch',
    midScore: 12,
    search(terms, options: QueryOptions): RankedDocument[] {
      if (terms.length === 0) return [];
      const last = terms.length - 1;
      const results = mini.search(terms.join(' '), {
        boost: { ...FIELD_BOOSTS },
        combineWith: 'OR',
        fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH && !/\d/.test(term) ? FUZZINESS : false),
        prefix: (term, i) => options.prefixLast && i === last && term.length >= 2,
        weights: { fuzzy: 0.5, prefix: 0.6 },
        boostDocument: (id: number) => weights[id] ?? 1,
        ...(options.filter ? { filter: (r: { id: unknown }) => options.filter?.(Number(r.id)) ?? true } : {}),
      });
      return results.slice(0, options.limit).map((r) => ({ index: Number(r.id), score: r.score, matched: r.queryTerms }));
    },
  };
}
