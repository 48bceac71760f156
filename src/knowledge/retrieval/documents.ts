/**
 * What retrieval ranks: one document per FAQ item (its wordings, its answer), one per entry (title,
 * own questions, keywords and shortcuts, answer, steps, facts) and one per quoted source passage
 * (attached to the FAQ item or entry that quotes it first). Each document keeps the text it
 * states, so that a caller (and the evaluation) can read what a result says.
 */
import type { Language } from '../../shared/conversation.js';
import { contentIn, localized, type Entry } from '../content.js';
import type { SourceRef } from '../types.js';
import { plainText } from './plain-text.js';

export type DocumentKind = 'faq' | 'entry' | 'passage';

/** The fields of a document; each weighs differently in the ranking. */
export const FIELDS = ['questions', 'title', 'keywords', 'answer', 'passage'] as const;
export type Field = (typeof FIELDS)[number];

export interface RetrievalDocument {
  /** Position in the list: the id the ranking indexes know it by. */
  index: number;
  kind: DocumentKind;
  entryId: string;
  topic: string;
  faqId?: string;
  /** The FAQ item's wordings (faq), the entry's own questions (entry). */
  questions: string[];
  /** For passage documents: the passage, as plain text, and its file. */
  passage?: SourceRef;
  /** What the document states: the FAQ answer, the entry's answer and facts, or the passage. */
  text: string;
  fields: Record<Field, string>;
}

export function buildDocuments(entries: readonly Entry[], language: Language): RetrievalDocument[] {
  const docs: RetrievalDocument[] = [];
  const seenPassages = new Set<string>();
  const add = (doc: Omit<RetrievalDocument, 'index'>) => docs.push({ ...doc, index: docs.length });
  const addPassage = (entry: Entry, source: SourceRef, title: string, faqId?: string) => {
    const text = plainText(source.passage);
    const key = `${source.file}\n${text}`;
    if (seenPassages.has(key) || text.length < 12) return;
    seenPassages.add(key);
    add({
      kind: 'passage',
      entryId: entry.id,
      topic: entry.topic,
      ...(faqId ? { faqId } : {}),
      questions: [],
      passage: { file: source.file, passage: text },
      text,
      fields: { questions: '', title, keywords: '', answer: '', passage: text },
    });
  };

  for (const entry of entries) {
    const content = contentIn(entry, language);
    const facts = [...entry.facts.values()];
    const factLines = facts.map((f) => `${localized(f.label, language)} : ${localized(f.text, language)}`);
    const keywords = [...content.keywords, ...entry.shortcuts].join(' ; ');
    add({
      kind: 'entry',
      entryId: entry.id,
      topic: entry.topic,
      questions: [content.action, ...content.questions],
      text: [content.answer, ...(content.steps ?? []), ...facts.filter((f) => f.isKey).map((f) => `${localized(f.label, language)} : ${localized(f.text, language)}`)].join('\n'),
      fields: {
        questions: [content.action, ...content.questions].join(' ; '),
        title: content.title,
        keywords,
        answer: [content.answer, ...(content.steps ?? []), ...factLines].join('\n'),
        passage: '',
      },
    });
    for (const item of content.faq ?? []) {
      add({
        kind: 'faq',
        entryId: entry.id,
        topic: entry.topic,
        faqId: item.id,
        questions: [...item.questions],
        text: item.answer,
        fields: { questions: item.questions.join(' ; '), title: content.title, keywords: '', answer: item.answer, passage: '' },
      });
    }
  }
  // Passages after every FAQ item, so that each is attached to the most precise item quoting it.
  for (const entry of entries) {
    const content = contentIn(entry, language);
    for (const item of content.faq ?? []) for (const s of item.sources) addPassage(entry, s, content.title, item.id);
  }
  for (const entry of entries) {
    const content = contentIn(entry, language);
    for (const s of [...[...entry.facts.values()].flatMap((f) => f.sources), ...entry.sources]) addPassage(entry, s, content.title);
  }
  return docs;
}
