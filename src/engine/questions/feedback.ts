/** "Cette réponse vous a-t-elle aidé ?", asked after a knowledge answer (the question itself is part of the answer's replies). */
import type { Pending } from '../state.js';
import { buttons, capabilities, sayMessage, type TurnContext } from '../turn-context.js';
import { helplineText } from '../turn/advisor.js';
import { askOfferAdvisor } from './offer-advisor.js';
import { yesNo } from './yes-no.js';

export function expectFeedback(ctx: TurnContext, entryId: string): void {
  ctx.state.pending = { kind: 'feedback', entryId };
}

export function readFeedback(ctx: TurnContext, pending: Extract<Pending, { kind: 'feedback' }>): boolean {
  const answer = yesNo(ctx);
  if (!answer) return false;
  ctx.effects.push({ kind: 'feedback', entryId: pending.entryId, helpful: answer === 'yes' });
  if (answer === 'yes') {
    sayMessage(ctx, 'feedbackThanks', undefined, capabilities(ctx));
    return true;
  }
  sayMessage(ctx, 'feedbackSorry', { helpline: helplineText(ctx) }, buttons(ctx, 'yes', 'no'));
  askOfferAdvisor(ctx, 'answer_not_helpful', { silent: true });
  return true;
}
