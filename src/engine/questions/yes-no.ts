/**
 * A yes or a no, however it is said ("ouais", "bien sûr", "nan", "pas du tout"). A message that
 * also asks something else ("d'accord, et il faut quoi pour ouvrir un compte ?") is not a plain
 * yes: the NLU keeps its topic, and the question asked is left unanswered rather than misread.
 */
import type { TurnContext } from '../turn-context.js';
import { controlOf } from '../turn/intents.js';

export function yesNo(ctx: TurnContext): 'yes' | 'no' | undefined {
  const intent = ctx.parse.intent.name;
  const control = controlOf(intent);
  if (control === 'affirm') return 'yes';
  if (control === 'deny') return 'no';
  if (control === undefined || control === 'handoff.agent' || control === 'cancel' || control === 'help') return undefined;
  // When both are said ("oui enfin non"), the last one is meant.
  const said = ctx.parse.entities.filter((e) => e.type === 'yes_no' && e.valid !== false).sort((a, b) => a.start - b.start);
  const entity = said.at(-1)?.value;
  return entity === 'yes' || entity === 'no' ? entity : undefined;
}
