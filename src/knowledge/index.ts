/** The knowledge base: content loading and checks, search, answers as data, facts. */
export type { AnswerOptions, EntryAnswer, FaqAnswer, FollowUp, KnowledgeBase, KnowledgeEntrySummary, SearchHit, SearchOptions, SourceRef } from './types.js';
export type { Entry, EntryContent, Fact, Topic } from './content.js';
export { createKnowledgeBase, type KnowledgeBaseOptions, type KnowledgeBaseService } from './knowledge-base.js';
export { loadKnowledgeContent, KnowledgeContentError, formatProblem, type KnowledgeContent } from './loader.js';
export type { ContentProblem } from './checks.js';
export { checkCopy, type CopyProblem, type CopyCheckOptions } from './copy-check.js';
export { createSourceIndex, normalizeQuote, type SourceDocument, type SourceIndex } from './sources.js';
export { findAmounts, findPhones, describeAmount, type Amount, type Unit } from './figures.js';
export { fold } from './fold.js';
export type { RetrievalHit, RetrievalOptions, SearchMatch } from './types.js';
export { createRetriever, createAnalyzer, plainText, extractQuestion, plainTermReader, INDEX_NAMES, type IndexName, type Retriever, type TermReader } from './retrieval/index.js';
export { evaluate, parseEvalQuestions, states, consoleText, EvalDataError, type EvalQuestion, type EvalReport, type EvalMiss, type Rates } from './evaluation.js';
export * from './coverage/index.js';
