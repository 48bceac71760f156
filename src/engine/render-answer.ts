/**
 * The knowledge base's answers as chat replies. Knowledge gives answer data (words, key facts,
 * steps, related entries, sources); here it becomes what the chat shows: the text, a card with the
 * key facts and the steps, the related entries as 2–4 buttons, and — when the engine asks it —
 * "Cette réponse vous a-t-elle aidé ?" after it, in the words and buttons of assistant.json.
 */
import type { EntryAnswer, FaqAnswer, FollowUp, KnowledgeBase } from '../knowledge/types.js';
import type { Card, Language, Reply, SuggestedAction } from '../shared/conversation.js';
import type { CopyRenderer } from './copy.js';
import type { AssistantCopy } from './definitions.js';
import { createFeedbackQuestion } from './questions/feedback.js';

export interface AnswerReplyOptions {
  language: Language;
  /** "falc": the easy-to-read variant (FAQ items have none). */
  variant?: 'standard' | 'falc';
  /**
   * Whether "Cette réponse vous a-t-elle aidé ?" follows: the related entries then stay reachable
   * as buttons of the card, since only the latest message's suggested actions stay visible in Web
   * Chat and Teams.
   */
  askFeedback: boolean;
}

/** What the turn says for a knowledge answer. */
export interface AnswerReplies {
  entry(id: string, options: AnswerReplyOptions): Reply[];
  /** Absent when the knowledge base has no FAQ items (fakes). */
  faq?(entryId: string, faqId: string, options: AnswerReplyOptions): Reply[];
}

const action = (f: FollowUp): SuggestedAction => ({ title: f.label, value: f.ask });

/** An entry's answer as one reply: text (after `frenchOnlyNote` when it exists in French only), card, buttons. */
export function entryReply(answer: EntryAnswer, options: { askFeedback: boolean; frenchOnlyNote: string }): Reply {
  const suggestions = answer.followUps.map(action);
  const card: Card = { title: answer.title };
  if (answer.facts.length > 0) card.facts = answer.facts.map((f) => ({ title: f.label, value: f.value }));
  if (answer.steps) card.steps = [...answer.steps];
  if (options.askFeedback && suggestions.length > 0) card.actions = suggestions.map((s) => ({ title: s.title, value: s.value }));
  const reply: Reply = { text: answer.frenchOnly ? `${options.frenchOnlyNote}\n${answer.text}` : answer.text, card, language: answer.language };
  if (suggestions.length > 0) reply.suggestedActions = suggestions;
  return reply;
}

/** One FAQ item's answer as one reply: its text, the way to the whole entry as a button (on a card too when feedback follows). */
export function faqReply(answer: FaqAnswer, options: { askFeedback: boolean }): Reply {
  const suggestions = answer.followUps.map(action);
  const reply: Reply = { text: answer.text, language: answer.language };
  if (options.askFeedback) reply.card = { title: answer.title, actions: suggestions.map((s) => ({ title: s.title, value: s.value })) };
  reply.suggestedActions = suggestions;
  return reply;
}

export function createAnswerReplies(knowledge: KnowledgeBase, copy: CopyRenderer, assistant: AssistantCopy, now: () => Date): AnswerReplies {
  const question = createFeedbackQuestion(copy, assistant, now);
  const followed = (reply: Reply, options: AnswerReplyOptions): Reply[] => (options.askFeedback ? [reply, question(options.language)] : [reply]);
  const answerFaq = knowledge.answerFaq?.bind(knowledge);
  return {
    entry: (id, options) => {
      const frenchOnlyNote = copy.message('frenchOnly', { language: options.language, now: now(), slots: {} });
      const answer = knowledge.answer(id, { language: options.language, ...(options.variant ? { variant: options.variant } : {}) });
      return followed(entryReply(answer, { askFeedback: options.askFeedback, frenchOnlyNote }), options);
    },
    ...(answerFaq ? { faq: (entryId: string, faqId: string, options: AnswerReplyOptions) => followed(faqReply(answerFaq(entryId, faqId, options.language), options), options) } : {}),
  };
}
