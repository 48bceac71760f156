/**
 * "Non attendez, je me suis trompée : c'est le 19/06/1987." A value of a kind already answered in
 * this procedure replaces the earlier answer, as long as it was not sent to the backend yet; then
 * the same question again. Once sent, the person is told how to start over.
 */
import type { Entity } from '../../nlu/types.js';
import type { AskStep, ChoiceStep } from '../definitions.js';
import { procedureOf, type Current } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import { sayMessage, textOf, type TurnContext } from '../turn-context.js';
import { controlOf } from './intents.js';

/** True when the message corrected (or tried to correct) an earlier answer. */
export function correctEarlierAnswer(ctx: TurnContext, current: Current): boolean {
  const expected = current.step.type === 'ask' ? current.step.entity : undefined;
  for (const entity of ctx.parse.entities) {
    if (entity.valid === false || entity.type === expected) continue;
    const earlier = answeredStep(ctx, entity);
    if (!earlier) continue;
    const validator = ctx.services.validators.get(earlier.entity);
    const checked = validator?.(ctx.text.slice(entity.start, entity.end), { now: ctx.now });
    if (!checked?.ok) continue;
    replaceAnswer(ctx, current, earlier.entity, earlier.slot, () => {
      ctx.state.slots[earlier.slot] = checked.value;
      for (const [slot, key] of Object.entries(earlier.details ?? {})) ctx.state.slots[slot] = checked.details?.[key];
    });
    return true;
  }
  return correctChoice(ctx, current) || correctFreeForm(ctx, current);
}

/**
 * Replaces an earlier answer (its slot) unless it was already sent, says which, then asks the
 * waiting question again.
 */
function replaceAnswer(ctx: TurnContext, current: Current, entity: string, slot: string, replace: () => void): void {
  const label = ctx.services.catalog.assistant.entityLabels[entity];
  const what = label ? textOf(ctx, label) : entity;
  if (ctx.state.sent?.includes(slot)) {
    sayMessage(ctx, 'correctionTooLate', { what });
  } else {
    replace();
    ctx.log.info({ event: 'engine.answer.corrected', entity, procedure: current.procedure.id }, 'earlier answer corrected');
    sayMessage(ctx, 'correctionDone', { what });
  }
  prompt(ctx, current.step, 'resume');
}

/**
 * "Non pardon, elle est sans photo ma carte" at the serial number: an answer to an earlier choice
 * that a value names (the card type) replaces it, as long as it was not sent; then the same question.
 * Saying the same answer again corrects nothing: the message goes on to the step.
 */
function correctChoice(ctx: TurnContext, current: Current): boolean {
  const asked = current.step.type === 'choice' ? current.step.expect : undefined;
  for (const entity of ctx.parse.entities) {
    if (entity.valid === false || entity.type === asked) continue;
    const earlier = answeredChoice(ctx, entity);
    if (!earlier?.slot || ctx.state.slots[earlier.slot] === entity.value) continue;
    const slot = earlier.slot;
    replaceAnswer(ctx, current, entity.type, slot, () => {
      ctx.state.slots[slot] = entity.value;
    });
    return true;
  }
  return false;
}

/** The choice of the running procedures that a value answers (card type) and that holds an answer. */
function answeredChoice(ctx: TurnContext, entity: Entity): ChoiceStep | undefined {
  for (const frame of ctx.state.stack) {
    for (const step of Object.values(procedureOf(ctx, frame.procedure).steps)) {
      if (step.type === 'choice' && step.expect === entity.type && step.slot && step.options.some((o) => o.id === entity.value) && ctx.state.slots[step.slot] !== undefined) return step;
    }
  }
  return undefined;
}

/** Answers of any words ("Rou"): a correction of them carries no value the NLU can see. */
const FREE_FORM = new Set(['last_name', 'free_text']);
/** Where the corrected words start: after the last "c'est", "plutôt", "je voulais dire", ":"… */
const CORRECTED_FROM = /(?:\bc['’ ]?\s?est\b|\bcest\b|\bplut[oô]t\b|\bje voulais dire\b|\bi meant\b|\bit'?s\b|:)/giu;
/** …and where they stop: "Roux avec un x", "Roux, pas Rou". */
const CORRECTED_UNTIL = /\s+(?:avec|with|et|and|pas|not)\s|[,;.!?(]/iu;

/**
 * "Non attendez, je me suis trompée, c'est Roux avec un x" just after answering "Rou" to the name:
 * the previous answer, given in words, is replaced by the words after "c'est" (then the same
 * question again); when they cannot be read, the previous question is asked again.
 */
function correctFreeForm(ctx: TurnContext, current: Current): boolean {
  const previous = previousFreeForm(ctx, current);
  if (!previous) return false;
  const [previousId, step] = previous;
  const label = ctx.services.catalog.assistant.entityLabels[step.entity];
  const what = label ? textOf(ctx, label) : step.entity;
  if (ctx.state.sent?.includes(step.slot)) {
    sayMessage(ctx, 'correctionTooLate', { what });
    prompt(ctx, current.step, 'resume');
    return true;
  }
  const starts = [...ctx.text.matchAll(CORRECTED_FROM)];
  const from = starts.at(-1);
  const words = from ? ctx.text.slice((from.index ?? 0) + from[0].length).split(CORRECTED_UNTIL)[0]?.trim() : undefined;
  const checked = words ? ctx.services.validators.get(step.entity)?.(words, { now: ctx.now }) : undefined;
  if (checked?.ok) {
    ctx.state.slots[step.slot] = checked.value;
    ctx.log.info({ event: 'engine.answer.corrected', entity: step.entity, procedure: current.procedure.id }, 'earlier answer corrected');
    sayMessage(ctx, 'correctionDone', { what });
    prompt(ctx, current.step, 'resume');
    return true;
  }
  // Nothing readable after "je me suis trompée": the question it corrects, again.
  delete ctx.state.slots[step.slot];
  current.frame.step = previousId;
  current.frame.failures = 0;
  prompt(ctx, step, 'resume');
  return true;
}

/**
 * The step just answered, when its answer was any words (a name): what "je me suis trompée"
 * corrects. A message with a topic of its own ("en fait je veux activer Mon espace santé") corrects
 * what the person asked for, not that answer.
 */
export function previousFreeForm(ctx: TurnContext, current: Current): [string, AskStep] | undefined {
  if (controlOf(ctx.parse.intent.name) === undefined) return undefined;
  for (const [id, step] of Object.entries(current.procedure.steps)) {
    if (step.type === 'ask' && step.next === current.frame.step && FREE_FORM.has(step.entity) && ctx.state.slots[step.slot] !== undefined) return [id, step];
  }
  return undefined;
}

/** The step of the running procedures that asked this kind of value and holds an answer. */
function answeredStep(ctx: TurnContext, entity: Entity): AskStep | undefined {
  for (const frame of ctx.state.stack) {
    for (const step of Object.values(procedureOf(ctx, frame.procedure).steps)) {
      if (step.type === 'ask' && !step.secret && step.entity === entity.type && ctx.state.slots[step.slot] !== undefined) return step;
    }
  }
  return undefined;
}
