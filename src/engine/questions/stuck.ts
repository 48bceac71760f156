/**
 * After repeated failures at one step: the helpline and an advisor are offered instead of the
 * question ("Réessayer", "Parler à un conseiller", "Annuler"). "Réessayer" asks the question again.
 */
import { currentStep, rootProcedure } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import type { Pending } from '../state.js';
import { buttons, sayMessage, type TurnContext } from '../turn-context.js';
import { helplineText } from '../turn/advisor.js';

export function askStuck(ctx: TurnContext): void {
  ctx.state.pending = { kind: 'stuck' };
  sayMessage(ctx, 'stuck', { helpline: helplineText(ctx, rootProcedure(ctx)) }, buttons(ctx, 'retry', 'advisor', 'cancel'));
}

/** The way out, kept at hand on an answer that still fails after the offer. */
export function wayOutButtons(ctx: TurnContext) {
  return buttons(ctx, 'advisor', 'cancel');
}

export function readStuck(ctx: TurnContext, _pending: Extract<Pending, { kind: 'stuck' }>): boolean {
  const current = currentStep(ctx);
  if (ctx.parse.command !== 'retry' || !current) return false;
  current.frame.failures = 0;
  prompt(ctx, current.step, 'reprompt');
  return true;
}
