/** "Cette réponse vous a-t-elle aidé ?", asked after a knowledge answer and read here. */
import type { Language, Reply } from '../../shared/conversation.js';
import type { CopyRenderer } from '../copy.js';
import type { AssistantCopy } from '../definitions.js';
import type { Pending } from '../state.js';
import { buttons, capabilities, sayMessage, type TurnContext } from '../turn-context.js';
import { helplineText } from '../turn/advisor.js';
import { askOfferAdvisor } from './offer-advisor.js';
import { yesNo } from './yes-no.js';

/** "Cette réponse vous a-t-elle aidé ?" with its Oui / Non buttons, in the words of assistant.json. */
export function createFeedbackQuestion(copy: CopyRenderer, assistant: AssistantCopy, now: () => Date): (language: Language) => Reply {
  const yesNoButtons = ['yes', 'no'].map((name) => {
    const b = assistant.buttons[name];
    if (!b) throw new Error(`assistant.json has no button "${name}"`);
    return b;
  });
  return (language) => {
    const ctx = { language, now: now(), slots: {} };
    return { text: copy.message('feedbackQuestion', ctx), suggestedActions: copy.suggestions(yesNoButtons, ctx), language };
  };
}

export function expectFeedback(ctx: TurnContext, entryId: string): void {
  ctx.state.pending = { kind: 'feedback', entryId };
}

export function readFeedback(ctx: TurnContext, pending: Extract<Pending, { kind: 'feedback' }>): boolean {
  const answer = yesNo(ctx);
  if (!answer) return false;
  ctx.effects.push({ kind: 'feedback', entryId: pending.entryId, helpful: answer === 'yes' });
  // "Ah d'accord merci, et le numéro normal en France c'est lequel ?": the thanks is kept as the
  // feedback, and the question goes on to be answered.
  if (answer === 'yes' && ctx.act.kind === 'question' && ctx.parse.answerOnly === false) return false;
  if (answer === 'yes') {
    sayMessage(ctx, 'feedbackThanks', undefined, capabilities(ctx));
    return true;
  }
  sayMessage(ctx, 'feedbackSorry', { helpline: helplineText(ctx) }, buttons(ctx, 'yes', 'no'));
  askOfferAdvisor(ctx, 'answer_not_helpful', { silent: true });
  return true;
}
