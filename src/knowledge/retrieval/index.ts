/** Retrieval: which FAQ item, entry or source passage answers a message (see retriever.ts). */
export { createAnalyzer, plainTermReader, type Analyzer, type TermReader } from './analyzer.js';
export { buildDocuments, FIELDS, type DocumentKind, type Field, type RetrievalDocument } from './documents.js';
export { plainText } from './plain-text.js';
export { extractQuestion, type ExtractedQuestion } from './question.js';
export { INDEX_NAMES, FIELD_BOOSTS, type IndexName, type RankingIndex } from './ranking-index.js';
export { createRetriever, type Retrieved, type RetrieveOptions, type Retriever, type RetrieverOptions } from './retriever.js';
