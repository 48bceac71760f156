/**
 * An entry as chat replies: the short answer (or its easy-to-read variant), a card with the key
 * facts and the steps, 2–4 suggested actions towards related entries. The engine asks whether the
 * answer helped after it (`askFeedback`): its question is dialog copy, not knowledge.
 */
import type { Card, Language, Reply, SuggestedAction } from '../shared/conversation.js';
import { contentIn, localized, type Entry, type FaqItem } from './content.js';
import type { RenderOptions } from './types.js';

const FRENCH_ONLY_NOTE = 'This answer is only available in French:';
const MAX_SUGGESTIONS = 4;

/** The suggested action that leads to an entry: its label, and what it sends as the person's message. */
export function actionFor(entry: Entry, language: Language): SuggestedAction {
  const content = contentIn(entry, language);
  return { title: content.action, value: content.ask ?? content.questions[0] ?? content.title };
}

export function renderEntry(entry: Entry, related: readonly Entry[], options: RenderOptions): Reply[] {
  const { language } = options;
  const variant = options.variant ?? 'standard';
  const content = contentIn(entry, language);
  const frenchOnly = language === 'en' && !entry.content.en;

  const body = variant === 'falc' ? content.falc.join('\n') : content.answer;
  const text = frenchOnly ? `${FRENCH_ONLY_NOTE}\n${body}` : body;
  const suggestions = related.slice(0, MAX_SUGGESTIONS).map((r) => actionFor(r, language));

  const facts = [...entry.facts.values()].filter((f) => f.isKey).map((f) => ({ title: localized(f.label, language), value: localized(f.text, language) }));
  const card: Card = { title: content.title };
  // The easy-to-read variant stays short: no table of facts.
  if (variant === 'standard' && facts.length > 0) card.facts = facts;
  if (content.steps) card.steps = content.steps;
  // Only the latest message's suggested actions stay visible in Web Chat and Teams: when the
  // feedback question follows, the related entries remain reachable as buttons of the card.
  const askFeedback = options.askFeedback ?? true;
  if (askFeedback && suggestions.length > 0) card.actions = suggestions.map((s) => ({ title: s.title, value: s.value }));

  const answer: Reply = { text, card, language: frenchOnly ? 'fr' : language };
  if (suggestions.length > 0) answer.suggestedActions = suggestions;
  return [answer];
}

/**
 * One FAQ item as chat replies: its answer, then the way to the whole entry and the given actions
 * (e.g. start the procedure) as suggested actions (on a card when the engine asks for feedback after it).
 */
export function renderFaq(entry: Entry, item: FaqItem, options: RenderOptions & { actions?: readonly SuggestedAction[] }): Reply[] {
  const { language } = options;
  const content = contentIn(entry, language);
  const suggestions = [...(options.actions ?? []), actionFor(entry, language)].slice(0, MAX_SUGGESTIONS);
  const askFeedback = options.askFeedback ?? true;
  const answer: Reply = { text: item.answer, language };
  // As for entries: with the feedback question after it, the buttons stay on a card.
  if (askFeedback) answer.card = { title: content.title, actions: suggestions.map((s) => ({ title: s.title, value: s.value })) };
  answer.suggestedActions = suggestions;
  return [answer];
}
