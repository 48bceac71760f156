/**
 * Decides what a message is, in this order: an interruption that works everywhere ("parler à un
 * conseiller", "annuler", "recommencer", "aide"); the answer to a question the assistant asked
 * outside a procedure (feedback, "abandon the current procedure?", "did you mean…?"); the answer
 * to the running procedure's question — or, when it is not, a question on another topic (answered,
 * then the procedure resumes), another procedure (confirm first), or a mistake (say what is wrong,
 * ask again; after repeated failures offer a human); outside procedures, an intent to act on.
 */
import type { Expectation } from '../nlu/types.js';
import type { ChoiceOption } from './definitions.js';
import {
  choiceExpectation,
  currentStep,
  endProcedures,
  expectationFor,
  helplineText,
  prompt,
  requestHandoff,
  rootProcedure,
  sayInvalid,
  startProcedure,
  tryAnswer,
  type Current,
} from './flow-runner.js';
import type { Pending } from './state.js';
import { message, say, sayMessage, sayText, suggestions, type TurnContext } from './turn-context.js';
import type { SuggestedAction } from '../shared/conversation.js';

/**
 * Intents that steer the conversation rather than name a topic: the contract's, and the NLU's
 * "inform" (the message answers what the step expects).
 */
const CONTROL_INTENTS = new Set(['greeting', 'thanks', 'goodbye', 'help', 'cancel', 'affirm', 'deny', 'out_of_scope', 'handoff.agent', 'inform']);

/** Answers that look like any text: a question typed there must not be taken as the answer. */
const FREE_FORM = new Set(['last_name', 'free_text', 'mes_identifier']);

export function isIntent(name: string, base: string): boolean {
  return name === base || name.startsWith(`${base}.`);
}

function controlOf(name: string): string | undefined {
  for (const c of CONTROL_INTENTS) if (isIntent(name, c)) return c;
  return undefined;
}

function isTopical(ctx: TurnContext): boolean {
  return controlOf(ctx.parse.intent.name) === undefined;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** What the NLU should expect for this turn's message. */
export function expectationOf(ctx: TurnContext): Expectation | undefined {
  const pending = ctx.state.pending;
  if (pending && pending.kind !== 'stuck') {
    if (pending.kind === 'disambiguation') return choiceExpectation(disambiguationOptions(ctx, pending.intents));
    return { kind: 'yes_no' };
  }
  const current = currentStep(ctx);
  return current ? expectationFor(ctx, current.step) : undefined;
}

export async function processTurn(ctx: TurnContext): Promise<void> {
  const current = currentStep(ctx);
  if (!ctx.text) {
    if (current) prompt(ctx, current.step, 'reprompt');
    else sayMessage(ctx, 'notUnderstood', undefined, capabilities(ctx));
    return;
  }
  if (await interruption(ctx, current)) return;
  if (ctx.state.pending && (await answerPending(ctx, ctx.state.pending, current))) return;
  if (current) await answerInProcedure(ctx, current);
  else await route(ctx);
}

// ---- interruptions -------------------------------------------------------------------------

function command(ctx: TurnContext): string | undefined {
  const commands = ctx.services.catalog.assistant.commands;
  for (const [name, c] of Object.entries(commands)) if (c.intents?.some((i) => isIntent(ctx.parse.intent.name, i))) return name;
  // Commands are short ("recommencer", "on reprend depuis le début"): a long sentence is not one.
  if (wordCount(ctx.text) > 6) return undefined;
  const options = Object.entries(commands).map(([id, c]) => ({ id, synonyms: [...c.synonyms.fr, ...c.synonyms.en] }));
  const parsed = ctx.services.nlu.parse(ctx.text, { expect: { kind: 'choice', options } });
  return parsed.choiceBy === undefined || parsed.choiceBy === 'synonym' ? parsed.choice : undefined;
}

async function interruption(ctx: TurnContext, current: Current | undefined): Promise<boolean> {
  // A password or a code holds digits; such an answer is never read as a command.
  if (current?.step.type === 'ask' && current.step.secret && /\d/.test(ctx.text)) return false;
  // An answer that picks one of the offered options is that answer ("conseiller numérique").
  if (!ctx.state.pending && current?.step.type === 'choice' && current.step.expect === 'options' && ctx.parse.choice) return false;
  const control = controlOf(ctx.parse.intent.name);
  if (control === 'handoff.agent') {
    // Accepting an advisor the assistant offered keeps the reason it was offered for.
    const pending = ctx.state.pending;
    const reason = pending?.kind === 'stuck' ? 'repeated_failures' : pending?.kind === 'offer_advisor' ? pending.reason : 'user_asked';
    requestHandoff(ctx, reason, current ? rootProcedure(ctx) : undefined);
    return true;
  }
  // "recommencer" before "annuler": the NLU may read both as a cancel.
  if (command(ctx) === 'restart') {
    await restart(ctx);
    return true;
  }
  if (control === 'cancel') {
    cancel(ctx);
    return true;
  }
  if (control === 'help') {
    help(ctx, current);
    return true;
  }
  return false;
}

function cancel(ctx: TurnContext): void {
  const root = rootProcedure(ctx);
  const hadPending = ctx.state.pending !== undefined && ctx.state.pending.kind !== 'feedback';
  ctx.state.pending = undefined;
  if (!root && !hadPending) {
    sayMessage(ctx, 'nothingToCancel', undefined, capabilities(ctx));
    return;
  }
  const title = root ? ctx.services.copy.text(root.title, { language: ctx.state.language, now: ctx.now, slots: {} }) : '';
  ctx.log.info({ event: 'engine.procedure.cancel', procedure: root?.id }, 'procedure cancelled');
  endProcedures(ctx);
  sayMessage(ctx, 'cancelled', { procedure: title }, capabilities(ctx));
}

async function restart(ctx: TurnContext): Promise<void> {
  const root = rootProcedure(ctx);
  ctx.state.pending = undefined;
  if (!root) {
    const { welcome } = ctx.services.catalog.assistant;
    welcome.say.forEach((t, i) => sayText(ctx, t, undefined, i === welcome.say.length - 1 ? suggestions(ctx, welcome.suggestions) : undefined));
    return;
  }
  sayMessage(ctx, 'restarted', { procedure: ctx.services.copy.text(root.title, { language: ctx.state.language, now: ctx.now, slots: {} }) });
  await startProcedure(ctx, root);
}

function help(ctx: TurnContext, current: Current | undefined): void {
  if (!current) {
    sayMessage(ctx, 'help', undefined, capabilities(ctx));
    return;
  }
  if (current.step.help) sayText(ctx, current.step.help);
  const root = rootProcedure(ctx) ?? current.procedure;
  sayMessage(ctx, 'helpInProcedure', { procedure: ctx.services.copy.text(root.title, { language: ctx.state.language, now: ctx.now, slots: {} }) });
  prompt(ctx, current.step, 'reprompt');
}

// ---- questions asked outside the procedures ----------------------------------------------------

function yesNo(ctx: TurnContext): 'yes' | 'no' | undefined {
  const entity = ctx.parse.entities.find((e) => e.type === 'yes_no' && e.valid !== false)?.value;
  if (entity === 'yes' || entity === 'no') return entity;
  const validator = ctx.services.validators.get('yes_no');
  const v = validator?.(ctx.text, { now: ctx.now });
  if (v?.ok && (v.value === 'yes' || v.value === 'no')) return v.value;
  if (isIntent(ctx.parse.intent.name, 'affirm')) return 'yes';
  if (isIntent(ctx.parse.intent.name, 'deny')) return 'no';
  return undefined;
}

function yesNoActions(ctx: TurnContext): SuggestedAction[] {
  return ctx.state.language === 'en'
    ? [
        { title: 'Yes', value: 'Yes' },
        { title: 'No', value: 'No' },
      ]
    : [
        { title: 'Oui', value: 'Oui' },
        { title: 'Non', value: 'Non' },
      ];
}

function labelOf(ctx: TurnContext, intent: string): string {
  const { assistant } = ctx.services.catalog;
  const label = assistant.intentLabels[intent] ?? assistant.intentLabels[intent.split('.').slice(0, 2).join('.')];
  if (label) return ctx.services.copy.text(label, { language: ctx.state.language, now: ctx.now, slots: {} });
  const procedure = ctx.services.catalog.procedureForIntent(intent);
  if (procedure) return ctx.services.copy.text(procedure.title, { language: ctx.state.language, now: ctx.now, slots: {} });
  return ctx.services.knowledge.entryForIntent(intent)?.title ?? intent;
}

function disambiguationOptions(ctx: TurnContext, intents: [string, string]): ChoiceOption[] {
  return intents.map((intent, i) => {
    const fr = labelOf({ ...ctx, state: { ...ctx.state, language: 'fr' } }, intent);
    const en = labelOf({ ...ctx, state: { ...ctx.state, language: 'en' } }, intent);
    return { id: `i${i}`, title: { fr, en }, next: intent };
  });
}

async function answerPending(ctx: TurnContext, pending: Pending, current: Current | undefined): Promise<boolean> {
  ctx.state.pending = undefined;
  switch (pending.kind) {
    case 'feedback': {
      const answer = yesNo(ctx);
      if (!answer) return false;
      ctx.effects.push({ kind: 'feedback', entryId: pending.entryId, helpful: answer === 'yes' });
      if (answer === 'yes') sayMessage(ctx, 'feedbackThanks', undefined, capabilities(ctx));
      else {
        sayMessage(ctx, 'feedbackSorry', { helpline: helplineText(ctx) }, yesNoActions(ctx));
        ctx.state.pending = { kind: 'offer_advisor', reason: 'answer_not_helpful' };
      }
      return true;
    }
    case 'switch': {
      const answer = yesNo(ctx);
      if (answer === 'yes') {
        const target = ctx.services.catalog.procedures.get(pending.procedure);
        if (!target) return false;
        await startProcedure(ctx, target, ctx.services.nlu.parse(pending.text));
        return true;
      }
      if (answer === 'no' && current) {
        sayMessage(ctx, 'switchKept');
        prompt(ctx, current.step, 'resume');
        return true;
      }
      return false;
    }
    case 'disambiguation': {
      const chosen = ctx.parse.choice;
      const intent = chosen === 'i0' ? pending.intents[0] : chosen === 'i1' ? pending.intents[1] : undefined;
      if (!intent) return false;
      await actOnIntent(ctx, intent);
      return true;
    }
    case 'stuck': {
      if (command(ctx) !== 'retry' || !current) return false;
      current.frame.failures = 0;
      prompt(ctx, current.step, 'reprompt');
      return true;
    }
    case 'offer_advisor': {
      const answer = yesNo(ctx);
      if (answer === 'yes') {
        requestHandoff(ctx, pending.reason);
        return true;
      }
      if (answer === 'no') {
        sayMessage(ctx, 'help', undefined, capabilities(ctx));
        return true;
      }
      return false;
    }
  }
}

// ---- inside a procedure ---------------------------------------------------------------------

async function answerInProcedure(ctx: TurnContext, current: Current): Promise<void> {
  const { step } = current;
  const words = wordCount(ctx.text);
  const topical = isTopical(ctx);
  if (step.type === 'ask' && FREE_FORM.has(step.entity) && topical && words >= 3) {
    offTopic(ctx, current);
    return;
  }
  const outcome = await tryAnswer(ctx, current);
  if (outcome.accepted) {
    ctx.state.misunderstood = 0;
    return;
  }
  const secret = step.type === 'ask' && step.secret === true;
  // The NLU says the message answers the question (a wrong NIR, "31/02"): a mistake, not a topic.
  const attempted = outcome.attempted || ctx.parse.answered === true;
  if (topical && !attempted && (!secret || words >= 3)) {
    offTopic(ctx, current);
    return;
  }
  const control = controlOf(ctx.parse.intent.name);
  if (!attempted && (control === 'greeting' || control === 'thanks')) {
    sayMessage(ctx, control);
    prompt(ctx, step, 'resume');
    return;
  }
  if (!attempted && control === 'goodbye') {
    endProcedures(ctx);
    sayMessage(ctx, 'goodbye');
    return;
  }
  current.frame.failures += 1;
  const max = ctx.services.catalog.assistant.limits.maxFailuresPerStep;
  if (current.frame.failures > max) {
    // The phone number and the advisor were offered already and the person keeps trying: say what
    // is wrong with this answer (repeating the offer would be a loop), and keep the way out at hand.
    ctx.state.pending = { kind: 'stuck' };
    sayInvalid(ctx, current, outcome);
    const last = ctx.replies[ctx.replies.length - 1];
    if (last) last.suggestedActions = [...(last.suggestedActions ?? []), ...stuckActions(ctx).slice(1)];
    return;
  }
  if (current.frame.failures === max) {
    ctx.log.info({ event: 'engine.step.stuck', procedure: current.procedure.id, step: current.frame.step }, 'repeated failures at one step');
    ctx.state.pending = { kind: 'stuck' };
    sayMessage(ctx, 'stuck', { helpline: helplineText(ctx, rootProcedure(ctx)) }, stuckActions(ctx));
    return;
  }
  sayInvalid(ctx, current, outcome);
}

function stuckActions(ctx: TurnContext): SuggestedAction[] {
  const en = ctx.state.language === 'en';
  const retry = ctx.services.catalog.assistant.commands.retry?.synonyms[ctx.state.language][0] ?? (en ? 'Try again' : 'Réessayer');
  return [
    { title: retry, value: retry },
    en ? { title: 'Talk to an advisor', value: 'Talk to an advisor' } : { title: 'Parler à un conseiller', value: 'Parler à un conseiller' },
    en ? { title: 'Cancel', value: 'Cancel' } : { title: 'Annuler', value: 'Annuler' },
  ];
}

/** A message on another topic in the middle of a procedure. */
function offTopic(ctx: TurnContext, current: Current): void {
  // A precise question, even about this very procedure, is answered, then the step is asked again.
  if (answerFaq(ctx, current)) {
    prompt(ctx, current.step, 'resume');
    return;
  }
  const intent = ctx.parse.intent.name;
  const root = rootProcedure(ctx) ?? current.procedure;
  const other = ctx.services.catalog.procedureForIntent(intent);
  if (other) {
    if (other.id === root.id || ctx.state.stack.some((f) => f.procedure === other.id)) {
      sayMessage(ctx, 'sameProcedure');
      prompt(ctx, current.step, 'resume');
      return;
    }
    ctx.state.pending = { kind: 'switch', procedure: other.id, text: ctx.text };
    const title = (p: typeof root) => ctx.services.copy.text(p.title, { language: ctx.state.language, now: ctx.now, slots: {} });
    sayMessage(ctx, 'switchConfirm', { procedure: title(root), next: title(other) }, yesNoActions(ctx));
    return;
  }
  const entry = ctx.services.knowledge.entryForIntent(intent);
  if (entry) {
    ctx.log.info({ event: 'engine.knowledge.aside', entry: entry.id, procedure: root.id }, 'question answered during a procedure');
    ctx.replies.push(...ctx.services.knowledge.render(entry.id, { language: ctx.state.language, askFeedback: false }));
    prompt(ctx, current.step, 'resume');
    return;
  }
  sayInvalid(ctx, current, { accepted: false, reason: 'not_understood', attempted: false });
}

// ---- outside procedures -------------------------------------------------------------------

function capabilities(ctx: TurnContext): SuggestedAction[] {
  return suggestions(ctx, ctx.services.catalog.assistant.capabilities);
}

/** True when an intent leads somewhere (a procedure or an answer). */
function answerable(ctx: TurnContext, intent: string): boolean {
  return ctx.services.catalog.procedureForIntent(intent) !== undefined || ctx.services.knowledge.entryForIntent(intent) !== undefined;
}

/** A FAQ item is answered when the message asks it at least this well and the NLU agrees on the topic… */
const FAQ_MIN_SCORE = 0.6;
/** …or this well whatever the NLU thought. */
const FAQ_STRONG_SCORE = 0.75;

/**
 * A precise question ("le lien est valable combien de temps ?") gets its FAQ answer rather than
 * the whole entry or the start of a procedure. True when it answered.
 */
function answerFaq(ctx: TurnContext, during?: Current): boolean {
  const { knowledge, terms } = ctx.services;
  if (!terms || !knowledge.matchQuestion || !knowledge.renderFaq) return false;
  const intent = ctx.parse.intent.name;
  const control = controlOf(intent);
  if (control && control !== 'out_of_scope') return false;
  const [best] = knowledge.matchQuestion(ctx.text, { language: ctx.state.language, terms, limit: 1, minScore: FAQ_MIN_SCORE });
  if (!best?.faqId) return false;
  const topics = [intent, ...(ctx.parse.closeCall?.map((c) => c.name) ?? [])].map((i) => knowledge.entryForIntent(i)?.id);
  if (!topics.includes(best.entryId) && best.score < FAQ_STRONG_SCORE) return false;
  ctx.state.misunderstood = 0;
  ctx.log.info({ event: 'engine.knowledge.faq', entry: best.entryId, faq: best.faqId, score: Number(best.score.toFixed(2)), ...(during ? { procedure: during.procedure.id } : {}) }, 'FAQ answer');
  ctx.replies.push(...knowledge.renderFaq(best.entryId, best.faqId, { language: ctx.state.language, askFeedback: !during }));
  if (!during) ctx.state.pending = { kind: 'feedback', entryId: best.entryId };
  return true;
}

async function route(ctx: TurnContext): Promise<void> {
  if (answerFaq(ctx)) return;
  const { closeCall } = ctx.parse;
  if (closeCall && closeCall[0].name !== closeCall[1].name && answerable(ctx, closeCall[0].name) && answerable(ctx, closeCall[1].name)) {
    const intents: [string, string] = [closeCall[0].name, closeCall[1].name];
    ctx.state.pending = { kind: 'disambiguation', intents };
    const [first, second] = intents.map((i) => labelOf(ctx, i));
    sayMessage(ctx, 'disambiguate', { first, second }, [
      { title: first ?? '', value: first ?? '' },
      { title: second ?? '', value: second ?? '' },
    ]);
    return;
  }
  await actOnIntent(ctx, ctx.parse.intent.name);
}

async function actOnIntent(ctx: TurnContext, intent: string): Promise<void> {
  const procedure = ctx.services.catalog.procedureForIntent(intent);
  if (procedure) {
    ctx.state.misunderstood = 0;
    await startProcedure(ctx, procedure, ctx.parse);
    return;
  }
  const control = controlOf(intent);
  const entry = control ? undefined : ctx.services.knowledge.entryForIntent(intent);
  if (entry) {
    ctx.state.misunderstood = 0;
    ctx.state.topic = intent;
    ctx.log.info({ event: 'engine.knowledge.answer', entry: entry.id }, 'knowledge answer');
    ctx.replies.push(...ctx.services.knowledge.render(entry.id, { language: ctx.state.language, askFeedback: true }));
    ctx.state.pending = { kind: 'feedback', entryId: entry.id };
    return;
  }
  switch (control) {
    case 'greeting':
    case 'thanks':
    case 'goodbye':
      ctx.state.misunderstood = 0;
      sayMessage(ctx, control, undefined, control === 'goodbye' ? undefined : capabilities(ctx));
      return;
    case 'help':
      ctx.state.misunderstood = 0;
      sayMessage(ctx, 'help', undefined, capabilities(ctx));
      return;
    default:
      misunderstood(ctx, control === 'out_of_scope' || control === undefined);
  }
}

function misunderstood(ctx: TurnContext, outOfScope: boolean): void {
  ctx.state.misunderstood += 1;
  if (ctx.state.misunderstood >= ctx.services.catalog.assistant.limits.maxMisunderstandings) {
    ctx.state.misunderstood = 0;
    ctx.state.pending = { kind: 'offer_advisor', reason: 'not_understood' };
    sayMessage(ctx, 'offerAdvisor', { helpline: helplineText(ctx) }, yesNoActions(ctx));
    return;
  }
  sayMessage(ctx, outOfScope ? 'outOfScope' : 'notUnderstood', undefined, capabilities(ctx));
  if (!outOfScope) return;
  // The classifier was unsure; a close search hit is offered, never answered unasked.
  const [hit] = ctx.services.knowledge.search(ctx.text, { limit: 1, language: ctx.state.language });
  if (hit && hit.score <= SEARCH_SUGGESTION_MAX_SCORE) {
    say(ctx, message(ctx, 'didYouMean', { title: hit.title }), [{ title: hit.title, value: hit.title }]);
  }
}

/** fuse.js score (0 perfect … 1 unrelated) under which a search hit is worth suggesting. */
const SEARCH_SUGGESTION_MAX_SCORE = 0.25;
