/**
 * What the agent console shows of entries and handoff requests: plain JSON views, built from the
 * knowledge base and the queue, with the figures to highlight and the source titles resolved.
 */
import type { HandoffRequest } from '../../handoff/types.js';
import type { Entry, KnowledgeBaseService, SearchHit } from '../../knowledge/index.js';
import { findAmounts, findPhones, plainText } from '../../knowledge/index.js';

export interface SearchResultView {
  id: string;
  title: string;
  /** Relevance from 0 (unrelated) to 1 (perfect): 1 − the fuse.js score. */
  score: number;
  answer: string;
  steps?: string[];
  sources?: Array<{ file: string; passage: string }>;
  /** What in the entry answers the query precisely: the FAQ question and answer, or a source passage (plain text). */
  match?: { question?: string; faqId?: string; answer?: string; passage?: { file: string; title: string; passage: string } };
}

export interface EntryView {
  id: string;
  title: string;
  topic: string;
  /** Intents it answers (the console names a handoff's topic with them). */
  intents: string[];
  kind: Entry['kind'];
  answer: string;
  steps: string[];
  falc: string[];
  facts: Array<{ key: string; label: string; text: string; isKey: boolean; ref: string }>;
  /** Figures (durations, lengths, phone numbers) as written in the answer and steps, to highlight. */
  figures: string[];
  sources: Array<{ file: string; title: string; passage: string }>;
  related: Array<{ id: string; title: string }>;
  /** Precise questions of the topic with their answers (the first wording of each). */
  faq: Array<{ id: string; question: string; answer: string }>;
}

export function searchResultView(hit: SearchHit, kb: KnowledgeBaseService): SearchResultView {
  const view: SearchResultView = { id: hit.id, title: hit.title, score: Math.round((1 - hit.score) * 1000) / 1000, answer: hit.answer };
  if (hit.steps) view.steps = hit.steps;
  // Source quotes are slide and letter exports: shown as plain text, never as markdown or template.
  if (hit.sources) view.sources = hit.sources.map((s) => ({ file: s.file, passage: plainText(s.passage) }));
  if (hit.match) {
    const { question, faqId, answer, passage } = hit.match;
    view.match = {
      ...(question ? { question } : {}),
      ...(faqId ? { faqId } : {}),
      ...(answer ? { answer } : {}),
      ...(passage ? { passage: { file: passage.file, title: kb.sourceTitle(passage.file) ?? passage.file, passage: plainText(passage.passage) } } : {}),
    };
  }
  return view;
}

export function entryView(entry: Entry, kb: KnowledgeBaseService): EntryView {
  const content = entry.content.fr;
  const faq = content.faq ?? [];
  const texts = [content.answer, ...(content.steps ?? []), ...faq.map((f) => f.answer)];
  const figures = [...new Set(texts.flatMap((t) => [...findAmounts(t).map((a) => a.raw), ...findPhones(t).map((p) => p.raw)]))];
  const passages = new Map<string, { file: string; title: string; passage: string }>();
  const facts = [...entry.facts.values()];
  for (const s of [...facts.filter((f) => f.isKey).flatMap((f) => f.sources), ...entry.sources, ...facts.flatMap((f) => f.sources), ...faq.flatMap((f) => f.sources)]) {
    const passage = plainText(s.passage);
    passages.set(`${s.file}\n${passage}`, { file: s.file, title: kb.sourceTitle(s.file) ?? s.file, passage });
  }
  return {
    id: entry.id,
    title: content.title,
    topic: entry.topic,
    intents: entry.intents,
    kind: entry.kind,
    answer: content.answer,
    steps: content.steps ?? [],
    falc: content.falc,
    facts: facts.map((f) => ({ key: f.key, label: f.label.fr, text: f.text.fr, isKey: f.isKey, ref: `${entry.id}.${f.key}` })),
    figures,
    sources: [...passages.values()],
    related: entry.related.map((id) => ({ id, title: kb.entry(id)?.content.fr.title ?? id })),
    faq: faq.map((f) => ({ id: f.id, question: f.questions[0] ?? f.id, answer: f.answer })),
  };
}

/** A request in the queue's list: no transcript, and no contact (only the request itself shows it). */
export function handoffSummary(request: HandoffRequest): Omit<HandoffRequest, 'transcript' | 'contact'> & { transcriptLines: number; contactKind?: 'phone' | 'email' } {
  const { transcript, contact, ...rest } = request;
  return { ...rest, transcriptLines: transcript.length, ...(contact ? { contactKind: contact.kind } : {}) };
}
