/** How a step asks its question, and says what was wrong with an answer. */
import type { SuggestedAction } from '../../shared/conversation.js';
import type { AskStep, ChoiceOption, ChoiceStep } from '../definitions.js';
import { say, sayMessage, sayText, suggestions, textOf, type TurnContext } from '../turn-context.js';
import { visible, type Current } from './current.js';

export function promptActions(ctx: TurnContext, step: AskStep | ChoiceStep): SuggestedAction[] {
  // A button sends its own title back: the NLU matches titles as synonyms of their option.
  const asButton = (o: ChoiceOption) => {
    const title = textOf(ctx, o.title);
    return { title, value: title };
  };
  if (step.type === 'choice') return visible(ctx, step.options).map(asButton);
  return [...visible(ctx, step.alternatives ?? []).map(asButton), ...suggestions(ctx, step.suggestions ?? [])];
}

export type PromptMode = 'ask' | 'reprompt' | 'resume';

export function prompt(ctx: TurnContext, step: AskStep | ChoiceStep, mode: PromptMode): void {
  const text = mode === 'ask' ? step.prompt : (step.reprompt ?? step.prompt);
  const words = textOf(ctx, text);
  const actions = promptActions(ctx, step);
  if (mode === 'resume') sayMessage(ctx, 'resume', { prompt: words }, actions);
  else say(ctx, words, actions);
}

/** Why an answer was not taken: a validator's reason code and its figures. */
export interface Rejection {
  reason: string;
  details?: Record<string, unknown>;
}

/** The error message for a rejected answer, then the question again. */
export function sayInvalid(ctx: TurnContext, current: Current, rejection: Rejection): void {
  const { step } = current;
  if (step.type === 'ask') {
    const text = step.invalid[rejection.reason] ?? step.invalid.default;
    sayText(ctx, text, { details: rejection.details ?? {} });
  } else if (step.invalid) {
    sayText(ctx, step.invalid);
  } else {
    sayMessage(ctx, 'choiceInvalid');
  }
  prompt(ctx, step, 'reprompt');
}
