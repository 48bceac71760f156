/**
 * A message while a procedure waits for an answer, read as a careful advisor would: a correction
 * of an earlier answer (before it was sent), the answer itself, "je ne l'ai pas" (where to find
 * it, and the ways out), a side question (answered, then "Reprenons"), another topic or procedure,
 * a greeting; else what is wrong with it, and the question again. After repeated failures at one
 * step, side questions included, the helpline and an advisor are offered.
 */
import type { Procedure } from '../definitions.js';
import { currentStep, rootProcedure, visible, type Current } from '../procedures/current.js';
import { labelledName, tryAnswer } from '../procedures/answers.js';
import { prompt, promptActions, sayInvalid, type Rejection } from '../procedures/prompts.js';
import { endProcedures } from '../procedures/stack.js';
import { askStuck, wayOutButtons } from '../questions/stuck.js';
import { askSwitch } from '../questions/switch.js';
import { buttons, capabilities, sayMessage, sayText, textOf, type TurnContext } from '../turn-context.js';
import { helplineText } from './advisor.js';
import { answerFaq, answerQuestion, answerSimpler } from './answer.js';
import { correctEarlierAnswer } from './correction.js';
import { controlOf, wordCount } from './intents.js';

/** Answers that look like any text: a sentence typed there is not taken as the answer. */
const FREE_FORM = new Set(['last_name', 'free_text', 'mes_identifier']);
/** Passwords: any text may be one (a code has a format of its own to judge it by). */
const PASSWORDS = new Set(['password', 'mes_password']);
/** A free-form answer is a few words; a longer message there is something else. */
const FREE_FORM_MAX_WORDS = 3;
/** The classifier's confidence above which a side question is said to be out of scope. */
const SURE_OUT_OF_SCOPE = 0.9;

export async function inProcedure(ctx: TurnContext, current: Current): Promise<void> {
  const { step } = current;
  const topical = controlOf(ctx.parse.intent.name) === undefined;
  if (ctx.act.correction && correctEarlierAnswer(ctx, current)) return;
  const freeForm = step.type === 'ask' && FREE_FORM.has(step.entity);
  // A sentence typed where any text would do is something else — unless it names an offered alternative.
  // "Oui enfin non, pas tout de suite" is no identifier either.
  const control = controlOf(ctx.parse.intent.name);
  const saysYesNo = control === 'affirm' || control === 'deny';
  const labelled = step.type === 'ask' && step.entity === 'last_name' && labelledName(ctx.text) !== undefined;
  const sentence =
    (freeForm &&
      !labelled &&
      ctx.parse.alternative === undefined &&
      ctx.parse.residue === undefined &&
      (ctx.act.kind === 'question' || ((topical || saysYesNo) && wordCount(ctx.text) >= FREE_FORM_MAX_WORDS))) ||
    wordyNotSecret(ctx, current);
  let rejection: Rejection = { reason: 'not_understood' };
  if (!sentence) {
    const outcome = await tryAnswer(ctx, current);
    if (outcome.accepted) {
      ctx.state.misunderstood = 0;
      answerAlongside(ctx);
      return;
    }
    // "C'est gratuit le 3646 ?" holds digits, but asks something: a question, not a wrong NIR.
    const validValue = step.type === 'ask' && ctx.parse.entities.some((e) => e.type === step.entity && e.valid !== false);
    if (outcome.attempted && (ctx.act.kind !== 'question' || validValue)) {
      fail(ctx, current, outcome.rejection);
      return;
    }
    rejection = outcome.rejection;
  }
  // Not an answer: what else is it?
  ctx.secretAnswer = ctx.secretAnswer && !ctx.act.lacking && !ctx.act.later && ctx.act.kind !== 'question';
  // "Bon tant pis, je reviendrai ce soir avec mes papiers": the procedure stops for now.
  if (ctx.act.later && ctx.act.kind !== 'question' && step.type === 'ask') {
    postpone(ctx, current);
    return;
  }
  if (ctx.act.lacking) {
    lacking(ctx, current);
    return;
  }
  if (ctx.act.simpler && answerSimpler(ctx)) {
    resume(ctx, current);
    return;
  }
  // "In English please": the question again, in that language.
  if (ctx.act.sayAgainIn) {
    resume(ctx, current);
    return;
  }
  // "Raconte-moi une blague d'abord": surely elsewhere, said honestly, then the question again.
  const surelyElsewhere = control === 'out_of_scope' && ctx.parse.intent.confidence >= SURE_OUT_OF_SCOPE && wordCount(ctx.text) >= FREE_FORM_MAX_WORDS;
  if (ctx.act.kind === 'question' || surelyElsewhere) {
    aside(ctx, current);
    return;
  }
  if (topical && (!(step.type === 'ask' && step.secret) || wordCount(ctx.text) >= 3)) {
    otherTopic(ctx, current);
    return;
  }
  if (control === 'greeting' || control === 'thanks') {
    sayMessage(ctx, control);
    resume(ctx, current);
    return;
  }
  if (control === 'goodbye') {
    endProcedures(ctx);
    sayMessage(ctx, 'goodbye');
    return;
  }
  fail(ctx, current, rejection);
}

/**
 * "Avec photo. Et c'est où le numéro de série dessus ?": the answer to the step, and a question.
 * The step is answered; the question too, before the next question is asked (its help when the
 * question is about it, else the knowledge base's answer). Said nothing when nothing fits: the next
 * question stands.
 */
function answerAlongside(ctx: TurnContext): void {
  if (ctx.act.kind !== 'question' || ctx.parse.answerOnly === true) return;
  const next = currentStep(ctx);
  const nextPrompt = ctx.replies.at(-1);
  if (!next || !nextPrompt) return;
  ctx.replies.pop();
  const root = rootProcedure(ctx) ?? next.procedure;
  const about = ctx.act.aboutStep === true || mentionsStep(ctx, next);
  if (about && next.step.help) sayText(ctx, next.step.help);
  else answerFaq(ctx, { ...(controlOf(ctx.parse.intent.name) ? {} : { topic: ctx.parse.intent.name }), feedback: false, during: root.id });
  ctx.replies.push(nextPrompt);
}

/** The question names what the next step asks ("le numéro de série" while it asks for it). */
function mentionsStep(ctx: TurnContext, current: Current): boolean {
  const { terms } = ctx.services;
  if (!terms) return false;
  const asked = new Set(terms(textOf(ctx, current.step.prompt), ctx.state.language));
  const said = terms(ctx.text, ctx.state.language).filter((t) => t.length > 3);
  return said.filter((t) => asked.has(t)).length >= 2;
}

/**
 * At a password step, "raconte moi une blague d'abord" is no password: a sentence of several words
 * without a digit that asks or requests something. (A password has no such shape; when in doubt it
 * is taken as the password, which the backend then judges.)
 */
function wordyNotSecret(ctx: TurnContext, current: Current): boolean {
  const { step } = current;
  if (step.type !== 'ask' || !PASSWORDS.has(step.entity) || ctx.parse.alternative !== undefined) return false;
  if (/\d/.test(ctx.text) || wordCount(ctx.text) < FREE_FORM_MAX_WORDS) return false;
  const surelyElsewhere = controlOf(ctx.parse.intent.name) === 'out_of_scope' && ctx.parse.intent.confidence >= SURE_OUT_OF_SCOPE;
  return surelyElsewhere || ctx.act.kind === 'question' || ctx.act.kind === 'request' || ctx.act.lacking === true || ctx.act.later === true;
}

function resume(ctx: TurnContext, current: Current): void {
  prompt(ctx, current.step, 'resume');
}

/**
 * One more failure at this step: what is wrong, then the question again; at the limit, the way
 * out instead; past it, what is wrong with the way out at hand (repeating the offer would loop).
 */
function fail(ctx: TurnContext, current: Current, rejection: Rejection, said = false): void {
  current.frame.failures += 1;
  const max = ctx.services.catalog.assistant.limits.maxFailuresPerStep;
  if (current.frame.failures === max) {
    ctx.log.info({ event: 'engine.step.stuck', procedure: current.procedure.id, step: current.frame.step }, 'repeated failures at one step');
    askStuck(ctx);
    return;
  }
  if (said) resume(ctx, current);
  else sayInvalid(ctx, current, rejection);
  if (current.frame.failures > max) {
    ctx.state.pending = { kind: 'stuck' };
    const last = ctx.replies[ctx.replies.length - 1];
    if (last) last.suggestedActions = [...(last.suggestedActions ?? []), ...wayOutButtons(ctx)];
  }
}

function postpone(ctx: TurnContext, current: Current): void {
  const root = rootProcedure(ctx) ?? current.procedure;
  ctx.log.info({ event: 'engine.procedure.postponed', procedure: root.id, step: current.frame.step }, 'procedure stopped for later');
  endProcedures(ctx);
  sayMessage(ctx, 'postponed', { procedure: textOf(ctx, root.title) }, capabilities(ctx));
}

/**
 * "Je ne l'ai pas sur moi": where to find it, and the ways out — with the step's own way for not
 * having it ("Je ne l'ai pas": a new code) unless it is only not at hand. Nothing is started
 * without the person's word: a code found a minute later must not be replaced.
 */
function lacking(ctx: TurnContext, current: Current): void {
  const { step } = current;
  if (step.help) sayText(ctx, step.help);
  const own = step.type === 'ask' && !ctx.act.notAtHand ? visible(ctx, step.alternatives ?? []).filter((o) => o.meaning === 'lacking') : [];
  const ownButtons = own.map((o) => ({ title: textOf(ctx, o.title), value: textOf(ctx, o.title) }));
  if (own.length > 0) sayMessage(ctx, 'lackingOwnWay', { title: ownButtons.map((b) => `« ${b.title} »`).join(', ') });
  // A choice has nothing to "have at hand": only the ways out.
  const answers = step.type === 'choice' ? promptActions(ctx, step) : ownButtons;
  sayMessage(ctx, step.type === 'choice' ? 'lackingChoiceWaysOut' : 'lackingWaysOut', undefined, [...answers, ...buttons(ctx, 'advisor', 'cancel')]);
  current.frame.failures += 1;
  if (current.frame.failures >= ctx.services.catalog.assistant.limits.maxFailuresPerStep) ctx.state.pending = { kind: 'stuck' };
}

/** A question in the middle of a step: answered when the assistant can, then the same question again. */
function aside(ctx: TurnContext, current: Current): void {
  const root = rootProcedure(ctx) ?? current.procedure;
  // "Où je trouve ce numéro ?": about the question itself; so is a question that names what the
  // choice asks ("comment je sais si elle a une photo ?" at "avec ou sans photo ?").
  const step = current.step;
  const namesTheChoice = step.type === 'choice' && ctx.parse.entities.some((e) => e.type === step.expect);
  if (ctx.act.aboutStep || namesTheChoice) {
    if (current.step.help) sayText(ctx, current.step.help);
    else sayMessage(ctx, 'asideUnanswered', { helpline: helplineText(ctx, root) });
    fail(ctx, current, { reason: 'aside' }, true);
    return;
  }
  const intent = ctx.parse.intent.name;
  const control = controlOf(intent);
  const answered = answerQuestion(ctx, { ...(control ? {} : { topic: intent }), feedback: false, during: root.id });
  if (!answered) {
    if (current.step.help && (control === undefined || control === 'help')) sayText(ctx, current.step.help);
    // Only what is surely elsewhere is said to be out of scope; a question the assistant could
    // not place is met with what it can do here.
    else if (control === 'out_of_scope' && ctx.parse.intent.confidence >= SURE_OUT_OF_SCOPE) sayMessage(ctx, 'asideOutOfScope');
    else sayMessage(ctx, 'asideUnanswered', { helpline: helplineText(ctx, root) });
  }
  fail(ctx, current, { reason: 'aside' }, true);
}

/** Another topic: another procedure asks whether to stop this one; a knowledge topic is answered. */
function otherTopic(ctx: TurnContext, current: Current): void {
  const root = rootProcedure(ctx) ?? current.procedure;
  const other = ctx.services.catalog.procedureForIntent(ctx.parse.intent.name);
  // "Donne-moi le numéro de téléphone" while resetting a password: a guide that only informs
  // (the contacts) is not worth stopping for; its answer is given, then the same question.
  if (other && other.id !== root.id && informsOnly(other) && answerQuestion(ctx, { topic: ctx.parse.intent.name, feedback: false, during: root.id })) {
    fail(ctx, current, { reason: 'aside' }, true);
    return;
  }
  if (other && other.id !== root.id && !ctx.state.stack.some((f) => f.procedure === other.id)) {
    askSwitch(ctx, root, other);
    return;
  }
  if (other) {
    // "Je veux activer mon espace santé" while activating it: we are on it.
    sayMessage(ctx, 'sameProcedure', { procedure: textOf(ctx, root.title) });
    fail(ctx, current, { reason: 'same_procedure' }, true);
    return;
  }
  // Two words that ask nothing ("par mail" at the NIR) are no side question: the step's question again.
  const saysEnough = ctx.act.kind === 'question' || wordCount(ctx.text) >= FREE_FORM_MAX_WORDS;
  if (saysEnough && answerQuestion(ctx, { topic: ctx.parse.intent.name, feedback: false, during: root.id })) {
    fail(ctx, current, { reason: 'aside' }, true);
    return;
  }
  fail(ctx, current, { reason: 'not_understood' });
}

/** A guide that calls no backend operation: it informs, it changes nothing. */
function informsOnly(procedure: Procedure): boolean {
  return Object.values(procedure.steps).every((step) => step.type !== 'call' && step.type !== 'sub');
}
