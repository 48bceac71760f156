/**
 * "Voulez-vous que je vous guide pas à pas ?", asked after answering a question about a procedure
 * ("le lien est valable combien de temps ?"): a question gets its answer; only a yes (or a
 * request) starts the procedure.
 */
import type { Pending } from '../state.js';
import { buttons, sayMessage, type TurnContext } from '../turn-context.js';
import { startProcedure } from '../procedures/runner.js';
import { controlOf } from '../turn/intents.js';
import { yesNo } from './yes-no.js';

export function askOfferGuide(ctx: TurnContext, procedure: string): void {
  ctx.state.pending = { kind: 'offer_guide', procedure, text: ctx.text.slice(0, 500) };
  sayMessage(ctx, 'offerGuide', undefined, buttons(ctx, 'yes', 'no'));
}

export async function readOfferGuide(ctx: TurnContext, pending: Extract<Pending, { kind: 'offer_guide' }>): Promise<boolean> {
  // "ok merci", "d'accord merci": the answer was enough, nothing more is wanted (a yes to the
  // offer says yes: "oui merci", "oui volontiers").
  // Read as the message stands alone: against a yes/no question, "ok" makes it a yes.
  const alone = ctx.services.nlu.parse(ctx.text);
  if (controlOf(alone.intent.name) === 'thanks') {
    sayMessage(ctx, 'guideDeclined');
    return true;
  }
  const answer = yesNo(ctx);
  if (answer === 'no') {
    sayMessage(ctx, 'guideDeclined');
    return true;
  }
  if (answer !== 'yes') return false;
  const procedure = ctx.services.catalog.procedures.get(pending.procedure);
  if (!procedure) return false;
  ctx.state.misunderstood = 0;
  // The question that led here routes the procedure ("le lien ne marche plus" → a new link).
  await startProcedure(ctx, procedure, ctx.services.nlu.parse(pending.text));
  return true;
}
