/**
 * An entry, or one FAQ item, as answer data: the words in the person's language (or French when
 * the entry has no English), the key facts, the steps, the ways on to related entries and the
 * sources it rests on. The engine turns it into chat replies (src/engine/render-answer.ts): how an
 * answer looks in a chat — cards, buttons, the feedback question after it — is not knowledge.
 */
import type { Language } from '../shared/conversation.js';
import { contentIn, localized, type Entry, type FaqItem } from './content.js';
import type { AnswerOptions, EntryAnswer, FaqAnswer, FollowUp, SourceRef } from './types.js';

/** Ways on from an answer: at most this many related entries. */
const MAX_FOLLOW_UPS = 4;

/** The way to an entry: its label, and what it asks as the person's message. */
export function followUpTo(entry: Entry, language: Language): FollowUp {
  const content = contentIn(entry, language);
  return { label: content.action, ask: content.ask ?? content.questions[0] ?? content.title };
}

export function entryAnswer(entry: Entry, related: readonly Entry[], sources: SourceRef[], options: AnswerOptions): EntryAnswer {
  const { language } = options;
  const variant = options.variant ?? 'standard';
  const content = contentIn(entry, language);
  const frenchOnly = language === 'en' && !entry.content.en;
  // The easy-to-read variant stays short: one sentence a line, no table of facts.
  const facts = variant === 'falc' ? [] : [...entry.facts.values()].filter((f) => f.isKey).map((f) => ({ label: localized(f.label, language), value: localized(f.text, language) }));
  return {
    entryId: entry.id,
    title: content.title,
    text: variant === 'falc' ? content.falc.join('\n') : content.answer,
    language: frenchOnly ? 'fr' : language,
    frenchOnly,
    facts,
    ...(content.steps ? { steps: [...content.steps] } : {}),
    followUps: related.slice(0, MAX_FOLLOW_UPS).map((r) => followUpTo(r, language)),
    sources,
  };
}

/** One FAQ item: its short answer, and the way to the whole entry. */
export function faqAnswer(entry: Entry, item: FaqItem, language: Language): FaqAnswer {
  return {
    entryId: entry.id,
    faqId: item.id,
    title: contentIn(entry, language).title,
    text: item.answer,
    language,
    followUps: [followUpTo(entry, language)],
    sources: item.sources.map((s) => ({ file: s.file, passage: s.passage })),
  };
}
