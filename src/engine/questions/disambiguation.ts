/** "Voulez-vous dire … ou … ?", when two topics are as likely as each other. */
import type { ChoiceOption } from '../definitions.js';
import { choiceExpectation } from '../procedures/current.js';
import type { Pending } from '../state.js';
import { sayMessage, textOf, type TurnContext } from '../turn-context.js';
import type { Expectation } from '../../nlu/types.js';

export function labelOf(ctx: TurnContext, intent: string, language = ctx.state.language): string {
  const scoped = language === ctx.state.language ? ctx : { ...ctx, state: { ...ctx.state, language } };
  const { assistant } = ctx.services.catalog;
  const label = assistant.intentLabels[intent] ?? assistant.intentLabels[intent.split('.').slice(0, 2).join('.')];
  if (label) return textOf(scoped, label);
  const procedure = ctx.services.catalog.procedureForIntent(intent);
  if (procedure) return textOf(scoped, procedure.title);
  return ctx.services.knowledge.entryForIntent(intent)?.title ?? intent;
}

function options(ctx: TurnContext, intents: [string, string]): ChoiceOption[] {
  return intents.map((intent, i) => ({ id: `i${i}`, title: { fr: labelOf(ctx, intent, 'fr'), en: labelOf(ctx, intent, 'en') }, next: intent }));
}

export function disambiguationExpectation(ctx: TurnContext, pending: Extract<Pending, { kind: 'disambiguation' }>): Expectation {
  return choiceExpectation(options(ctx, pending.intents));
}

export function askDisambiguation(ctx: TurnContext, intents: [string, string]): void {
  ctx.state.pending = { kind: 'disambiguation', intents, text: ctx.text.slice(0, 500) };
  const [first, second] = intents.map((i) => labelOf(ctx, i));
  sayMessage(ctx, 'disambiguate', { first, second }, [
    { title: first ?? '', value: first ?? '' },
    { title: second ?? '', value: second ?? '' },
  ]);
}

/** The intent picked, or undefined when the message picks neither. */
export function readDisambiguation(ctx: TurnContext, pending: Extract<Pending, { kind: 'disambiguation' }>): string | undefined {
  const chosen = ctx.parse.choice;
  return chosen === 'i0' ? pending.intents[0] : chosen === 'i1' ? pending.intents[1] : undefined;
}
