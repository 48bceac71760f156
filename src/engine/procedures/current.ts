/**
 * Where a conversation stands in its procedures: the question it waits on, the procedure that
 * started it all, and what the NLU should expect as the answer.
 */
import type { EntityType, Expectation } from '../../nlu/types.js';
import type { AskStep, ChoiceOption, ChoiceStep, Procedure } from '../definitions.js';
import type { Frame } from '../state.js';
import { readPath } from '../template.js';
import type { TurnContext } from '../turn-context.js';

/** Entity types the NLU extracts (src/nlu/types.ts); other validators are the engine's. */
export const NLU_ENTITY_TYPES: ReadonlySet<string> = new Set<EntityType>([
  'nir',
  'birth_date',
  'postal_code',
  'departement',
  'email',
  'phone',
  'provisional_code',
  'vitale_serial',
  'yes_no',
  'email_or_sms',
  'card_type',
]);

export interface Current {
  frame: Frame;
  procedure: Procedure;
  step: AskStep | ChoiceStep;
}

type StateView = Pick<TurnContext, 'state' | 'services'>;

export function procedureOf(ctx: StateView, id: string): Procedure {
  const procedure = ctx.services.catalog.procedures.get(id);
  if (!procedure) throw new Error(`unknown procedure "${id}"`);
  return procedure;
}

/** The question the conversation is waiting on, if a procedure is running. */
export function currentStep(ctx: StateView): Current | undefined {
  const frame = ctx.state.stack[ctx.state.stack.length - 1];
  if (!frame) return undefined;
  const procedure = ctx.services.catalog.procedures.get(frame.procedure);
  const step = procedure?.steps[frame.step];
  if (!procedure || !step || (step.type !== 'ask' && step.type !== 'choice')) return undefined;
  return { frame, procedure, step };
}

export function rootProcedure(ctx: StateView): Procedure | undefined {
  const root = ctx.state.stack[0];
  return root ? ctx.services.catalog.procedures.get(root.procedure) : undefined;
}

export function visible(ctx: StateView, options: ChoiceOption[]): ChoiceOption[] {
  return options.filter((o) => !o.if || Boolean(readPath(ctx.state.slots, o.if)));
}

export function optionsForNlu(options: ChoiceOption[]): Array<{ id: string; synonyms: string[] }> {
  return options.map((o) => ({ id: o.id, synonyms: [o.title.fr, o.title.en, ...(o.synonyms?.fr ?? []), ...(o.synonyms?.en ?? [])] }));
}

export function choiceExpectation(options: ChoiceOption[]): Expectation {
  return { kind: 'choice', options: optionsForNlu(options) };
}

/** What the NLU should expect as an answer to this step (an ask step's alternatives included). */
export function expectationFor(ctx: StateView, step: AskStep | ChoiceStep): Expectation {
  if (step.type === 'ask') {
    const alternatives = visible(ctx, step.alternatives ?? []);
    const also = alternatives.length > 0 ? { alternatives: optionsForNlu(alternatives) } : {};
    return NLU_ENTITY_TYPES.has(step.entity) ? { kind: 'entity', entity: step.entity as EntityType, ...also } : { kind: 'free_text', ...also };
  }
  switch (step.expect) {
    case 'yes_no':
      return { kind: 'yes_no' };
    case 'email_or_sms':
      return { kind: 'email_or_sms' };
    case 'card_type':
      return { kind: 'entity', entity: 'card_type' };
    default:
      return choiceExpectation(visible(ctx, step.options));
  }
}
