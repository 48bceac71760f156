/**
 * "Le code provisoire il fait combien de caractères ? et il est valable combien de temps" asks two
 * things. Once the message is answered outside a procedure, each other question of it (a part
 * ending with "?") gets its own precise answer, placed before the closing question ("Voulez-vous
 * que je vous guide ?", "Cette réponse vous a-t-elle aidé ?"), as a careful advisor answers both.
 */
import type { LastAnswer } from '../state.js';
import type { TurnContext } from '../turn-context.js';
import { answerRetrieved } from './answer.js';
import { controlOf } from './intents.js';

/** Questions answered in one message, the first included. */
const MAX_QUESTIONS = 3;
/** A part shorter than this says too little alone ("non ?", "et ?"). */
const MIN_PART_LENGTH = 12;

/** The parts of a message that end with "?" followed by more text, and the rest after the last one. */
export function questionParts(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '?') continue;
    let j = i + 1;
    while (text[j] === '?' || text[j] === '!') j++;
    if (j < text.length && !/\s/.test(text[j] ?? '')) continue;
    parts.push(text.slice(start, j).trim());
    start = j;
  }
  const rest = text.slice(start).trim();
  if (rest) parts.push(rest);
  return parts.flatMap(splitJoinedQuestion).filter((p) => p.length >= MIN_PART_LENGTH);
}

/**
 * "…est-ce qu'on est éligibles, et combien de temps dure la formation ?": a question joined to the
 * one before by ", et" and a question word is a question of its own.
 */
const JOINED_QUESTION = /,\s*(?:et|and)\s+(?=(?:combien|quand|comment|pourquoi|quel|quelle|quels|quelles|qui|est-ce|how|when|what|where|which|who)\b)/giu;

function splitJoinedQuestion(part: string): string[] {
  if (!part.endsWith('?')) return [part];
  const cuts = [...part.matchAll(JOINED_QUESTION)];
  const last = cuts.at(-1);
  if (!last || last.index === undefined) return [part];
  return [part.slice(0, last.index).trim(), part.slice(last.index + last[0].length).trim()];
}

/** Answers the other questions of a message whose first answer was `first`. */
export function answerMoreQuestions(ctx: TurnContext, first: LastAnswer): void {
  const parts = questionParts(ctx.text);
  if (parts.length < 2) return;
  const given = [first];
  const extra: TurnContext['replies'] = [];
  for (const part of parts.slice(0, MAX_QUESTIONS)) {
    const parse = ctx.services.nlu.parse(part);
    if (parse.act?.kind !== 'question') continue;
    const control = controlOf(parse.intent.name);
    const sub: TurnContext = { ...ctx, text: part, parse, act: parse.act, replies: [] };
    if (!answerRetrieved(sub, { ...(control ? {} : { topic: parse.intent.name }), feedback: false })) continue;
    const picked = ctx.state.lastAnswer;
    if (!picked || given.some((g) => g.entryId === picked.entryId && g.faqId === picked.faqId)) continue;
    given.push(picked);
    extra.push(...sub.replies);
  }
  ctx.state.lastAnswer = first;
  if (extra.length === 0) return;
  ctx.log.info({ event: 'engine.more_questions', answered: given.length }, 'several questions in one message');
  const closing = ctx.replies.findLastIndex((r) => (r.suggestedActions?.length ?? 0) > 0 && r.text !== '');
  const at = closing > 0 && closing === ctx.replies.length - 1 ? closing : ctx.replies.length;
  ctx.replies.splice(at, 0, ...extra);
}
