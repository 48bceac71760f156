/**
 * "Non attendez, je me suis trompée : c'est le 19/06/1987." A value of a kind already answered in
 * this procedure replaces the earlier answer, as long as it was not sent to the backend yet; then
 * the same question again. Once sent, the person is told how to start over.
 */
import type { Entity } from '../../nlu/types.js';
import type { AskStep } from '../definitions.js';
import { procedureOf, type Current } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import { sayMessage, textOf, type TurnContext } from '../turn-context.js';

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
    const label = ctx.services.catalog.assistant.entityLabels[earlier.entity];
    const what = label ? textOf(ctx, label) : earlier.entity;
    if (ctx.state.sent?.includes(earlier.slot)) {
      sayMessage(ctx, 'correctionTooLate', { what });
    } else {
      ctx.state.slots[earlier.slot] = checked.value;
      for (const [slot, key] of Object.entries(earlier.details ?? {})) ctx.state.slots[slot] = checked.details?.[key];
      ctx.log.info({ event: 'engine.answer.corrected', entity: earlier.entity, procedure: current.procedure.id }, 'earlier answer corrected');
      sayMessage(ctx, 'correctionDone', { what });
    }
    prompt(ctx, current.step, 'resume');
    return true;
  }
  return false;
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
