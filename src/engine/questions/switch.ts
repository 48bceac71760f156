/** "Vous êtes en train de … Voulez-vous arrêter pour … ?", when another procedure is asked for mid-way. */
import type { Procedure } from '../definitions.js';
import { currentStep } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import { startProcedure } from '../procedures/runner.js';
import type { Pending } from '../state.js';
import { buttons, sayMessage, textOf, type TurnContext } from '../turn-context.js';
import { yesNo } from './yes-no.js';

export function askSwitch(ctx: TurnContext, from: Procedure, to: Procedure): void {
  ctx.state.pending = { kind: 'switch', procedure: to.id, text: ctx.text.slice(0, 500) };
  sayMessage(ctx, 'switchConfirm', { procedure: textOf(ctx, from.title), next: textOf(ctx, to.title) }, buttons(ctx, 'yes', 'no'));
}

export async function readSwitch(ctx: TurnContext, pending: Extract<Pending, { kind: 'switch' }>): Promise<boolean> {
  const answer = yesNo(ctx);
  if (answer === 'yes') {
    const target = ctx.services.catalog.procedures.get(pending.procedure);
    if (!target) return false;
    await startProcedure(ctx, target, ctx.services.nlu.parse(pending.text));
    return true;
  }
  const current = currentStep(ctx);
  if (answer === 'no' && current) {
    sayMessage(ctx, 'switchKept');
    prompt(ctx, current.step, 'resume');
    return true;
  }
  return false;
}
