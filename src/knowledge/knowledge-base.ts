/**
 * The knowledge base: loaded, checked content behind the KnowledgeBase port (engine) plus what the
 * agent console needs (whole entries, topics, source titles).
 */
import type { Language } from '../shared/conversation.js';
import { AppError } from '../shared/errors.js';
import { checkCopy, type CopyProblem } from './copy-check.js';
import type { Amount } from './figures.js';
import { contentIn, localized, type Entry, type Fact, type Topic } from './content.js';
import { splitRef } from './checks.js';
import { loadKnowledgeContent, type KnowledgeContent } from './loader.js';
import { createFaqIndex, type FaqIndex, type TermReader } from './faq.js';
import { entryAnswer, faqAnswer } from './answer.js';
import { createEntrySearch } from './search.js';
import { createConsoleSearch } from './console-search.js';
import { createNamedEntries } from './named.js';
import { createAnalyzer, createRetriever, type IndexName, type TermReader as RetrievalReader } from './retrieval/index.js';
import type { AnswerOptions, EntryAnswer, FaqAnswer, KnowledgeBase, KnowledgeEntrySummary, RetrievalHit, SearchHit, SearchOptions } from './types.js';

export interface KnowledgeBaseService extends KnowledgeBase {
  /** Every FAQ item of the content answers (the engine's port leaves it optional for fakes). */
  answerFaq(entryId: string, faqId: string, language: Language): FaqAnswer;
  /** The whole entry (facts with their sources, steps, both languages). */
  entry(id: string): Entry | undefined;
  entries(): readonly Entry[];
  topics(): readonly Topic[];
  /** Title of a source document, for citations. */
  sourceTitle(file: string): string | undefined;
  /** The structured fact behind a reference, e.g. for highlighting. */
  factDetails(ref: string): Fact | undefined;
  /** Builds the retrieval index now (the server does it at start) rather than on the first question. */
  warmUp(): void;
  /** Figures of a copy text that are not in the sources (nor in `allow`), and unknown {{fact:…}} references. */
  checkCopy(text: string, options?: { allow?: readonly Amount[] }): CopyProblem[];
}

export interface KnowledgeBaseOptions {
  /** Already loaded content (tests); default: the project's knowledge folder. */
  content?: KnowledgeContent;
  dir?: string;
  /**
   * How retrieval reads words: in the assistant, the NLU's reading (`nlu.terms`: abbreviations such
   * as "mdp", "MES", "cv", typos, stems). Default: a plain French reading of our own.
   */
  terms?: RetrievalReader;
  /** The library behind the ranking index (default minisearch; flexsearch for comparison). */
  index?: IndexName;
}

export function createKnowledgeBase(options: KnowledgeBaseOptions = {}): KnowledgeBaseService {
  const content = options.content ?? loadKnowledgeContent(options.dir ? { dir: options.dir } : {});
  const byId = new Map(content.entries.map((e) => [e.id, e]));
  const byIntent = new Map<string, Entry>();
  for (const e of content.entries) for (const intent of e.intents) byIntent.set(intent, e);
  const keystrokes = createEntrySearch(content.entries);
  const analyzer = createAnalyzer(options.terms);
  const retriever = createRetriever({ entries: content.entries, analyzer, ...(options.index ? { index: options.index } : {}) });
  const consoleSearch = createConsoleSearch(content.entries, retriever, keystrokes);
  const named = createNamedEntries(content.entries, (text) => analyzer.terms(text, 'fr'));
  // One FAQ index per way of reading words (in practice: the NLU's), built on first use.
  const faqIndexes = new WeakMap<TermReader, FaqIndex>();
  const faqIndex = (terms: TermReader) => {
    let index = faqIndexes.get(terms);
    if (!index) {
      index = createFaqIndex(content.entries, terms);
      faqIndexes.set(terms, index);
    }
    return index;
  };

  const summary = (e: Entry): KnowledgeEntrySummary => ({ id: e.id, title: e.content.fr.title, intents: [...e.intents], topic: e.topic });
  const factDetails = (ref: string): Fact | undefined => {
    const [entryId, key] = splitRef(ref);
    return byId.get(entryId)?.facts.get(key);
  };
  const fact = (ref: string, language: Language = 'fr'): string | undefined => {
    const found = factDetails(ref);
    return found ? localized(found.text, language) : undefined;
  };

  return {
    entryForIntent(intent: string) {
      // A finer intent ("mes.info.data_protection") falls back to its parent ("mes.info").
      for (let name = intent; name.includes('.'); name = name.slice(0, name.lastIndexOf('.'))) {
        const e = byIntent.get(name);
        if (e) return summary(e);
      }
      return undefined;
    },
    get(id: string) {
      const e = byId.get(id);
      return e ? summary(e) : undefined;
    },
    search(query: string, searchOptions: SearchOptions = {}): SearchHit[] {
      const language = searchOptions.language ?? 'fr';
      return consoleSearch
        .search(query, {
          language,
          ...(searchOptions.limit !== undefined ? { limit: searchOptions.limit } : {}),
          ...(searchOptions.topic !== undefined ? { topic: searchOptions.topic } : {}),
        })
        .map(({ entry, relevance, match }) => {
          const c = contentIn(entry, language);
          const hit: SearchHit = { id: entry.id, title: c.title, score: Math.round((1 - relevance) * 1000) / 1000, answer: c.answer, topic: entry.topic, sources: sourcesOf(entry) };
          if (c.steps) hit.steps = [...c.steps];
          if (match) hit.match = match;
          return hit;
        });
    },
    retrieve(text, retrieveOptions = {}): RetrievalHit[] {
      return retriever.retrieve(text, retrieveOptions).map((r) => ({
        kind: r.kind,
        entryId: r.entryId,
        score: r.score,
        text: r.text,
        ...(r.faqId ? { faqId: r.faqId } : {}),
        ...(r.passage ? { passage: r.passage } : {}),
        ...(r.question ? { question: r.question } : {}),
        ...(r.heading ? { heading: r.heading } : {}),
      }));
    },
    named,
    answer(id: string, answerOptions: AnswerOptions): EntryAnswer {
      const e = byId.get(id);
      if (!e) throw new AppError('knowledge_unknown_entry', `no knowledge entry "${id}"`);
      const related = e.related.map((r) => byId.get(r)).filter((r): r is Entry => r !== undefined);
      return entryAnswer(e, related, sourcesOf(e), answerOptions);
    },
    all() {
      return content.entries.map(summary);
    },
    matchQuestion(text, options) {
      return faqIndex(options.terms)
        .match(text, { language: options.language, ...(options.limit !== undefined ? { limit: options.limit } : {}), ...(options.minScore !== undefined ? { minScore: options.minScore } : {}) })
        .map((m) => ({ entryId: m.entryId, ...(m.item ? { faqId: m.item.id } : {}), score: m.score, question: m.question }));
    },
    answerFaq(entryId, faqId, language) {
      const e = byId.get(entryId);
      const item = e ? contentIn(e, language).faq?.find((f) => f.id === faqId) : undefined;
      if (!e || !item) throw new AppError('knowledge_unknown_entry', `no FAQ item "${entryId}#${faqId}"`);
      return faqAnswer(e, item, language);
    },
    fact,
    warmUp: () => retriever.warmUp('fr'),
    entry: (id) => byId.get(id),
    entries: () => content.entries,
    topics: () => content.topics,
    sourceTitle: (file) => content.sources.documents.get(file)?.title,
    factDetails,
    checkCopy: (text, copyOptions = {}) => checkCopy(text, { sources: content.sources, fact: (ref) => fact(ref), ...(copyOptions.allow ? { allow: copyOptions.allow } : {}) }),
  };
}

/** Every passage behind an entry, key facts' first, then the answer's, then the other facts' (no repeats). */
function sourcesOf(entry: Entry): Array<{ file: string; passage: string }> {
  const facts = [...entry.facts.values()];
  const ordered = [...facts.filter((f) => f.isKey).flatMap((f) => f.sources), ...entry.sources, ...facts.filter((f) => !f.isKey).flatMap((f) => f.sources)];
  const seen = new Set<string>();
  const out: Array<{ file: string; passage: string }> = [];
  for (const s of ordered) {
    const key = `${s.file}\n${s.passage}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: s.file, passage: s.passage });
  }
  return out;
}
