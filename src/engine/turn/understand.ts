/**
 * The first stage of a turn, and the only one that reads the text: where the conversation stands
 * (the waiting step, the pending question), what the answer should look like, one parse of the
 * message with that expectation and the commands, its kind (question, request, correction…), the
 * language to answer in, and the values given before they were asked.
 */
import type { Expectation } from '../../nlu/types.js';
import { currentStep, expectationFor, type Current } from '../procedures/current.js';
import { offerValues } from '../procedures/given.js';
import { disambiguationExpectation } from '../questions/disambiguation.js';
import type { TurnContext } from '../turn-context.js';
import { wordCount } from './intents.js';

export function understand(ctx: TurnContext): void {
  // The web chat's "Facile à lire" switch travels with every message.
  if (ctx.input.easyRead !== undefined) ctx.state.easyRead = ctx.input.easyRead;
  const current = currentStep(ctx);
  if (current) ctx.current = current;
  const expect = expectationOf(ctx, current);
  ctx.parse = ctx.services.nlu.parse(ctx.text, { ...(expect ? { expect } : {}), commands: ctx.services.commands });
  ctx.act = ctx.parse.act ?? { kind: 'statement' };
  // A password or a code typed at its question is not kept by the channel, whatever it turns out to be.
  ctx.secretAnswer = !ctx.state.pending && current?.step.type === 'ask' && current.step.secret === true && ctx.parse.alternative === undefined;
  followLanguage(ctx, current !== undefined && expect !== undefined && expect.kind !== 'choice');
  offerValues(ctx);
}

/** What the NLU should expect: the pending question's answer, else the waiting step's. */
function expectationOf(ctx: TurnContext, current: Current | undefined): Expectation | undefined {
  const pending = ctx.state.pending;
  if (pending) {
    if (pending.kind === 'disambiguation') return disambiguationExpectation(ctx, pending);
    if (pending.kind === 'callback' && pending.stage !== 'consent') return { kind: 'free_text' };
    if (pending.kind !== 'stuck') return { kind: 'yes_no' };
  }
  return current ? expectationFor(ctx, current.step) : undefined;
}

/**
 * Replies follow the language the person writes in. A one-word answer ("ok", a number) says
 * little about it, and an answer to a question of a procedure keeps the language it was asked in.
 */
function followLanguage(ctx: TurnContext, answeringEntity: boolean): void {
  // "En anglais svp": the language asked for, whatever the message is written in.
  const asked = ctx.act.sayAgainIn;
  if (asked && !ctx.secretAnswer) {
    ctx.state.language = asked;
    ctx.user.language = asked;
    return;
  }
  if (ctx.secretAnswer || ctx.parse.language === ctx.state.language) return;
  const greeting = ctx.parse.intent.name === 'greeting';
  if (wordCount(ctx.text) < 2 && !greeting) return;
  // "1 79 03 75 056 234 45 stp" keeps the language of the question; "can we go on in English? my
  // number is …" says which language to use.
  if (answeringEntity && wordCount(withoutEntities(ctx)) < LANGUAGE_SWITCH_WORDS) return;
  ctx.state.language = ctx.parse.language;
  ctx.user.language = ctx.parse.language;
}

/** Words (beside the values) a message needs to change the conversation's language. */
const LANGUAGE_SWITCH_WORDS = 4;

function withoutEntities(ctx: TurnContext): string {
  let text = ctx.text;
  for (const e of [...ctx.parse.entities].sort((a, b) => b.start - a.start)) text = `${text.slice(0, e.start)} ${text.slice(e.end)}`;
  return text;
}

export type { Current };
