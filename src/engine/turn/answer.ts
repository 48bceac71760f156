/**
 * Answers a question from the knowledge base, in one place: the precise FAQ item the message asks
 * ("le lien est valable combien de temps ?"), else the topic's entry. Easy-to-read (FALC) when the
 * person asked for it. Remembers what was answered, for "plus simplement".
 */
import type { TurnContext } from '../turn-context.js';
import { expectFeedback } from '../questions/feedback.js';
import { controlOf } from './intents.js';

/** A FAQ item is answered when the message asks it at least this well and the NLU agrees on the topic… */
const FAQ_MIN_SCORE = 0.6;
/** …or this well whatever the NLU thought. */
const FAQ_STRONG_SCORE = 0.75;

export interface AnswerOptions {
  /** The intent the question is about (the classifier's, or the procedure's during one). */
  topic?: string;
  /** Ask "Cette réponse vous a-t-elle aidé ?" afterwards. */
  feedback: boolean;
  /** In the middle of a procedure (logged; no feedback question). */
  during?: string;
  /** Only a strong match on another topic than `topic` (the classifier was likely wrong). */
  otherTopicOnly?: boolean;
}

/** The words of the message that carry the question (the focus sentence of a long message). */
export function questionText(ctx: TurnContext): string {
  const focus = ctx.parse.focus;
  return focus ? ctx.text.slice(focus.start, focus.end) : ctx.text;
}

export function answerQuestion(ctx: TurnContext, options: AnswerOptions): boolean {
  return answerFaq(ctx, options) || answerEntry(ctx, options);
}

/** Only the precise FAQ item the message asks, if any (not the topic's general answer). */
export function answerFaq(ctx: TurnContext, options: AnswerOptions): boolean {
  const { knowledge, terms } = ctx.services;
  if (!terms || !knowledge.matchQuestion || !knowledge.renderFaq) return false;
  const intent = ctx.parse.intent.name;
  const control = controlOf(intent);
  if (control && control !== 'out_of_scope' && control !== 'help' && !options.topic) return false;
  const [best] = knowledge.matchQuestion(questionText(ctx), { language: ctx.state.language, terms, limit: 1, minScore: FAQ_MIN_SCORE });
  if (!best?.faqId) return false;
  const topics = [options.topic, intent, ...(ctx.parse.closeCall?.map((c) => c.name) ?? [])].filter((t): t is string => t !== undefined).map((i) => knowledge.entryForIntent(i)?.id);
  const onTopic = topics.includes(best.entryId);
  if (options.otherTopicOnly ? onTopic || best.score < FAQ_STRONG_SCORE : !onTopic && best.score < FAQ_STRONG_SCORE) return false;
  ctx.log.info({ event: 'engine.knowledge.faq', entry: best.entryId, faq: best.faqId, score: Number(best.score.toFixed(2)), ...(options.during ? { procedure: options.during } : {}) }, 'FAQ answer');
  ctx.replies.push(...knowledge.renderFaq(best.entryId, best.faqId, { language: ctx.state.language, askFeedback: options.feedback, ...(ctx.state.easyRead ? { variant: 'falc' as const } : {}) }));
  answered(ctx, best.entryId, options, best.faqId);
  return true;
}

function answerEntry(ctx: TurnContext, options: AnswerOptions): boolean {
  const entry = options.topic && !controlOf(options.topic) ? ctx.services.knowledge.entryForIntent(options.topic) : undefined;
  if (!entry) return false;
  ctx.log.info({ event: options.during ? 'engine.knowledge.aside' : 'engine.knowledge.answer', entry: entry.id, ...(options.during ? { procedure: options.during } : {}) }, 'knowledge answer');
  ctx.replies.push(...ctx.services.knowledge.render(entry.id, { language: ctx.state.language, askFeedback: options.feedback, variant: ctx.state.easyRead ? 'falc' : 'standard' }));
  answered(ctx, entry.id, options);
  return true;
}

function answered(ctx: TurnContext, entryId: string, options: AnswerOptions, faqId?: string): void {
  ctx.state.misunderstood = 0;
  ctx.state.lastAnswer = { entryId, ...(faqId ? { faqId } : {}) };
  if (options.feedback) expectFeedback(ctx, entryId);
}

/** "Vous pouvez expliquer plus simplement ?": the easy-to-read version of the last answer. */
export function answerSimpler(ctx: TurnContext): boolean {
  const last = ctx.state.lastAnswer;
  if (!last || !ctx.services.knowledge.get(last.entryId)) return false;
  ctx.log.info({ event: 'engine.knowledge.simpler', entry: last.entryId }, 'easy-to-read answer');
  ctx.replies.push(...ctx.services.knowledge.render(last.entryId, { language: ctx.state.language, askFeedback: false, variant: 'falc' }));
  return true;
}
