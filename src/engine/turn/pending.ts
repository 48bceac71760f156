/**
 * A question the assistant asked outside the procedures' steps (was the answer helpful? shall I
 * guide you? stop this procedure for that one? which of these two? try again or an advisor? how to
 * reach you?) is read by the module that asked it. A message that does not answer it goes on
 * through the rest of the turn, and the question is dropped.
 */
import { readCallback } from '../questions/callback.js';
import { readDisambiguation } from '../questions/disambiguation.js';
import { readFeedback } from '../questions/feedback.js';
import { readOfferAdvisor } from '../questions/offer-advisor.js';
import { readOfferGuide } from '../questions/offer-guide.js';
import { readStuck } from '../questions/stuck.js';
import { readSwitch } from '../questions/switch.js';
import { expectationFor } from '../procedures/current.js';
import type { Pending } from '../state.js';
import type { TurnContext } from '../turn-context.js';
import { actOnIntent } from './route.js';

export async function answerPending(ctx: TurnContext): Promise<boolean> {
  const pending = ctx.state.pending;
  if (!pending) return false;
  ctx.state.pending = undefined;
  const answered = await readPending(ctx, pending);
  // A "stuck" question was read with the step's expectation already.
  if (!answered && pending.kind !== 'stuck') readForStep(ctx);
  return answered;
}

/**
 * The message was read for the pending question; it did not answer it. It is read again for what
 * waits now (the step, or nothing), so that "ok donne-moi le numéro" after "Voulez-vous que je
 * transmette votre demande ?" is not taken for a failed answer to the birth date, nor "merci, et le
 * numéro en France ?" after "Cette réponse vous a-t-elle aidé ?" for a plain thanks.
 */
function readForStep(ctx: TurnContext): void {
  const current = ctx.current;
  const expect = current ? expectationFor(ctx, current.step) : undefined;
  ctx.parse = ctx.services.nlu.parse(ctx.text, { ...(expect ? { expect } : {}), commands: ctx.services.commands });
  ctx.act = ctx.parse.act ?? { kind: 'statement' };
}

async function readPending(ctx: TurnContext, pending: Pending): Promise<boolean> {
  switch (pending.kind) {
    case 'feedback':
      return readFeedback(ctx, pending);
    case 'switch':
      return readSwitch(ctx, pending);
    case 'disambiguation': {
      const intent = readDisambiguation(ctx, pending);
      if (!intent) return false;
      // The first message's words decide how the chosen topic starts ("mon lien ne marche pas").
      if (pending.text) ctx.parse = ctx.services.nlu.parse(pending.text);
      ctx.act = { kind: 'request' };
      await actOnIntent(ctx, intent);
      return true;
    }
    case 'stuck':
      return readStuck(ctx, pending);
    case 'offer_advisor':
      return readOfferAdvisor(ctx, pending);
    case 'offer_guide':
      return readOfferGuide(ctx, pending);
    case 'callback':
      return readCallback(ctx, pending);
  }
}
