/** A yes or a no, however it is said ("ouais", "bien sûr", "nan", "pas du tout"). */
import type { TurnContext } from '../turn-context.js';

export function yesNo(ctx: TurnContext): 'yes' | 'no' | undefined {
  const entity = ctx.parse.entities.find((e) => e.type === 'yes_no' && e.valid !== false)?.value;
  if (entity === 'yes' || entity === 'no') return entity;
  const intent = ctx.parse.intent.name;
  if (intent === 'affirm' || intent.startsWith('affirm.')) return 'yes';
  if (intent === 'deny' || intent.startsWith('deny.')) return 'no';
  return undefined;
}
