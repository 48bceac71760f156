/**
 * A procedure as a graph of steps: where each step can go next, which steps wait for the person,
 * and which slots a procedure sets. The loader's checks and the diagrams walk it.
 */
import type { ChoiceOption, Procedure, Step } from '../definitions.js';

/** Steps that wait for the person's answer; every loop must go through one. */
export const WAITING: ReadonlySet<Step['type']> = new Set(['ask', 'choice']);

/** Escapes a key for a JSON pointer (RFC 6901). */
export const pointerEscape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The step ids a step can go to next, with the JSON pointer (relative to the step) naming each. */
export function successors(step: Step): Array<{ id: string; at: string }> {
  const out: Array<{ id: string; at: string }> = [];
  const options = (list: ChoiceOption[] | undefined, at: string) => list?.forEach((o, i) => out.push({ id: o.next, at: `/${at}/${i}/next` }));
  const map = (m: Record<string, string> | undefined, at: string) => {
    for (const [k, v] of Object.entries(m ?? {})) out.push({ id: v, at: `/${at}/${pointerEscape(k)}` });
  };
  switch (step.type) {
    case 'say':
    case 'set':
      out.push({ id: step.next, at: '/next' });
      break;
    case 'ask':
      out.push({ id: step.next, at: '/next' });
      options(step.alternatives, 'alternatives');
      break;
    case 'choice':
      options(step.options, 'options');
      break;
    case 'route':
      options(step.options, 'options');
      out.push({ id: step.default, at: '/default' });
      break;
    case 'call':
      map(step.on, 'on');
      break;
    case 'branch':
      map(step.cases, 'cases');
      out.push({ id: step.default, at: '/default' });
      break;
    case 'pick':
      out.push({ id: step.next, at: '/next' }, { id: step.empty, at: '/empty' });
      break;
    case 'sub':
      map(step.on, 'on');
      out.push({ id: step.next, at: '/next' });
      break;
    default:
      break;
  }
  return out;
}

/** Slots a procedure sets, including those of the sub-dialogs it runs (they share the slots). */
export function slotsOf(procedure: Procedure, all: ReadonlyMap<string, Procedure>, seen = new Set<string>()): { plain: Set<string>; secret: Set<string> } {
  const plain = new Set<string>();
  const secret = new Set<string>();
  if (seen.has(procedure.id)) return { plain, secret };
  seen.add(procedure.id);
  for (const step of Object.values(procedure.steps)) {
    switch (step.type) {
      case 'ask':
        (step.secret ? secret : plain).add(step.slot);
        for (const slot of Object.keys(step.details ?? {})) plain.add(slot);
        break;
      case 'choice':
        if (step.slot) plain.add(step.slot);
        break;
      case 'call':
        for (const slot of Object.keys(step.save ?? {})) plain.add(slot);
        break;
      case 'set':
        for (const slot of Object.keys(step.values)) plain.add(slot);
        break;
      case 'pick':
        plain.add(step.into);
        break;
      case 'sub': {
        const sub = all.get(step.procedure);
        if (sub) {
          const inner = slotsOf(sub, all, seen);
          inner.plain.forEach((s) => plain.add(s));
          inner.secret.forEach((s) => secret.add(s));
        }
        break;
      }
      default:
        break;
    }
  }
  return { plain, secret };
}
