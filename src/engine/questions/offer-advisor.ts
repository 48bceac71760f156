/**
 * "Voulez-vous que je transmette votre demande à un conseiller ?", asked after misunderstandings,
 * an unhelpful answer or a complaint. Yes hands over; no resumes what was going on.
 */
import { currentStep } from '../procedures/current.js';
import { prompt } from '../procedures/prompts.js';
import type { Pending } from '../state.js';
import { buttons, capabilities, sayMessage, type TurnContext } from '../turn-context.js';
import { helplineText, requestAdvisor } from '../turn/advisor.js';
import { yesNo } from './yes-no.js';

/** Sets the question; `silent` when the caller already said it (its own wording). */
export function askOfferAdvisor(ctx: TurnContext, reason: string, options: { silent?: boolean; message?: 'offerAdvisor' | 'offerAdvisorAsked' | 'complaint' } = {}): void {
  ctx.state.pending = { kind: 'offer_advisor', reason };
  if (!options.silent) sayMessage(ctx, options.message ?? 'offerAdvisor', { helpline: helplineText(ctx) }, buttons(ctx, 'yes', 'no'));
}

export async function readOfferAdvisor(ctx: TurnContext, pending: Extract<Pending, { kind: 'offer_advisor' }>): Promise<boolean> {
  // "Bon ok 179037505623445": the answer the step waits for, not a yes to the advisor.
  const step = currentStep(ctx)?.step;
  const wanted = step?.type === 'ask' ? step.entity : step?.type === 'choice' && step.expect !== 'options' ? step.expect : undefined;
  if (wanted && ctx.parse.entities.some((e) => e.type === wanted && e.valid !== false)) return false;
  const answer = yesNo(ctx);
  if (answer === 'yes') {
    await requestAdvisor(ctx, pending.reason);
    return true;
  }
  if (answer !== 'no') return false;
  const current = currentStep(ctx);
  if (current) {
    sayMessage(ctx, 'switchKept');
    prompt(ctx, current.step, 'resume');
  } else {
    sayMessage(ctx, 'help', undefined, capabilities(ctx));
  }
  return true;
}
