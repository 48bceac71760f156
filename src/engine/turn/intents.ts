/** Reading intent names: the contract's control intents, and a finer intent counting as its parent. */

/**
 * Intents that steer the conversation rather than name a topic: the contract's, and the NLU's
 * "inform" (the message answers what the step expects).
 */
const CONTROL_INTENTS = ['greeting', 'thanks', 'goodbye', 'help', 'cancel', 'affirm', 'deny', 'out_of_scope', 'handoff.agent', 'inform'] as const;
export type ControlIntent = (typeof CONTROL_INTENTS)[number];

export function isIntent(name: string, base: string): boolean {
  return name === base || name.startsWith(`${base}.`);
}

export function controlOf(name: string): ControlIntent | undefined {
  return CONTROL_INTENTS.find((c) => isIntent(name, c));
}

export function wordCount(text: string): number {
  let count = 0;
  for (const word of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(word)) count++;
  return count;
}
