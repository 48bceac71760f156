/**
 * Checks of one procedure file beyond its schema: every step it names exists and can be reached,
 * no loop spins without a question, and each step's references (validators, backend operations
 * and their outcomes, sub-dialogs, slots, copy) resolve.
 */
import type { AssistantCopy, ChoiceKind, ChoiceOption, Procedure, Step } from '../definitions.js';
import { BACKEND_OPERATIONS, isOperationName, UNCONFIRMED } from '../backend-operations.js';
import { SECRET_ENTITIES } from '../local-validators.js';
import { NLU_ENTITY_TYPES } from '../procedures/current.js';
import { pointerEscape, slotsOf, successors, WAITING } from './graph.js';
import type { AddProblem, TextChecker } from './texts.js';

export interface ProcedureCheck {
  add: AddProblem;
  procedures: ReadonlyMap<string, Procedure>;
  validators: ReadonlySet<string>;
  intents: Set<string> | undefined;
  assistant: AssistantCopy | undefined;
  checkTexts: TextChecker;
}

const CHOICE_IDS: Record<Exclude<ChoiceKind, 'options'>, readonly string[]> = {
  yes_no: ['yes', 'no'],
  email_or_sms: ['email', 'sms'],
  card_type: ['photo', 'sans_photo'],
};

export function checkProcedure(procedure: Procedure, file: string, c: ProcedureCheck): void {
  const { add } = c;
  const steps = procedure.steps;
  const at = (id: string) => `/steps/${pointerEscape(id)}`;
  if (!steps[procedure.start]) add(file, '/start', `unknown step "${procedure.start}"`);
  if (c.assistant && !c.assistant.helplines[procedure.helpline]) {
    add(file, '/helpline', `unknown helpline "${procedure.helpline}" (assistant.json has: ${Object.keys(c.assistant.helplines).join(', ')})`);
  }
  procedure.intents.forEach((intent, i) => {
    if (c.intents && !c.intents.has(intent)) add(file, `/intents/${i}`, `unknown intent "${intent}"`);
  });
  c.checkTexts(file, '/title', procedure.title, new Set(), new Set());

  const { plain, secret } = slotsOf(procedure, c.procedures);
  const roots = new Set([...plain, ...(procedure.receives ?? []), 'error']);
  const withDetails = new Set([...roots, 'details']);

  for (const [id, step] of Object.entries(steps)) {
    const base = at(id);
    for (const next of successors(step)) {
      if (!steps[next.id]) add(file, base + next.at, `unknown step "${next.id}"`);
    }
    step.say?.forEach((t, i) => c.checkTexts(file, `${base}/say/${i}`, t, roots, secret));
    checkStep(procedure, id, step, base, file, c, { roots, withDetails, secret });
  }

  // Every step reachable from the start.
  const reached = new Set<string>();
  const queue = [procedure.start];
  while (queue.length > 0) {
    const id = queue.pop() ?? '';
    if (reached.has(id) || !steps[id]) continue;
    reached.add(id);
    for (const next of successors(steps[id])) queue.push(next.id);
  }
  for (const id of Object.keys(steps)) if (!reached.has(id)) add(file, at(id), `step "${id}" cannot be reached from "${procedure.start}"`);

  // No loop without a question in it: the engine would spin.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    const step = steps[id];
    if (!step || WAITING.has(step.type) || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      add(file, at(id), `loop without a question: ${[...path.slice(path.indexOf(id)), id].join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    for (const next of successors(step)) visit(next.id, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of Object.keys(steps)) visit(id, []);
}

function checkStep(
  procedure: Procedure,
  id: string,
  step: Step,
  base: string,
  file: string,
  c: ProcedureCheck,
  scope: { roots: Set<string>; withDetails: Set<string>; secret: Set<string> },
): void {
  const { add, checkTexts } = c;
  const { roots, withDetails, secret } = scope;
  const checkRoot = (pointer: string, path: string, allowSecret = false) => {
    const name = path.split('.')[0] ?? '';
    if (secret.has(name) && !allowSecret) add(file, pointer, `"${name}" is a secret: it can only be passed to a backend call`);
    else if (!roots.has(name) && !secret.has(name)) add(file, pointer, `"${name}" is not set by any step`);
  };
  const checkOptions = (options: ChoiceOption[] | undefined, key: string) =>
    options?.forEach((o, i) => {
      checkTexts(file, `${base}/${key}/${i}/title`, o.title, roots, secret);
      if (o.if) checkRoot(`${base}/${key}/${i}/if`, o.if);
    });

  switch (step.type) {
    case 'ask': {
      if (!c.validators.has(step.entity)) add(file, `${base}/entity`, `unknown validator "${step.entity}" (known: ${[...c.validators].sort().join(', ')})`);
      if (SECRET_ENTITIES.has(step.entity) && !step.secret) add(file, `${base}/secret`, `"${step.entity}" is a credential: the step must be "secret": true`);
      for (const key of ['prompt', 'reprompt', 'help'] as const) {
        const text = step[key];
        if (text) checkTexts(file, `${base}/${key}`, text, roots, secret);
      }
      for (const [reason, text] of Object.entries(step.invalid)) checkTexts(file, `${base}/invalid/${reason}`, text, withDetails, secret);
      checkOptions(step.alternatives, 'alternatives');
      step.suggestions?.forEach((s, i) => checkTexts(file, `${base}/suggestions/${i}/title`, s.title, roots, secret));
      if (step.secret) checkSecretUse(procedure, id, step.slot, base, file, add);
      if (step.secret && step.reuse) add(file, `${base}/reuse`, 'a secret is never kept, so it cannot be reused');
      break;
    }
    case 'choice': {
      for (const key of ['prompt', 'reprompt', 'help', 'invalid'] as const) {
        const text = step[key];
        if (text) checkTexts(file, `${base}/${key}`, text, roots, secret);
      }
      checkOptions(step.options, 'options');
      if (step.reuse && !step.slot) add(file, `${base}/reuse`, '"reuse" needs a "slot"');
      const ids = step.options.map((o) => o.id);
      if (new Set(ids).size !== ids.length) add(file, `${base}/options`, 'two options have the same id');
      step.options.forEach((o, i) => {
        if ((o.meaning || o.impliedBy) && step.expect !== 'options') add(file, `${base}/options/${i}`, '"meaning" and "impliedBy" only make sense in an "options" choice');
        for (const type of o.impliedBy ?? []) {
          if (!NLU_ENTITY_TYPES.has(type)) add(file, `${base}/options/${i}/impliedBy`, `"${type}" is not a value the NLU finds (known: ${[...NLU_ENTITY_TYPES].join(', ')})`);
        }
      });
      const meanings = step.options.map((o) => o.meaning).filter((m) => m !== undefined);
      if (new Set(meanings).size !== meanings.length) add(file, `${base}/options`, 'two options have the same "meaning"');
      if (step.expect !== 'options') {
        const expected = CHOICE_IDS[step.expect];
        if (ids.length !== expected.length || !expected.every((e) => ids.includes(e))) {
          add(file, `${base}/options`, `a "${step.expect}" choice has exactly the options ${expected.join(', ')}`);
        }
      }
      break;
    }
    case 'route':
      checkOptions(step.options, 'options');
      step.options.forEach((o, i) => {
        if (!o.synonyms) add(file, `${base}/options/${i}`, 'a route option needs synonyms: it is matched on what the person said');
      });
      break;
    case 'call': {
      // Until this check the name is only what the file says: here a name outside the registry is refused.
      const named: string = step.operation;
      if (!isOperationName(named)) {
        add(file, `${base}/operation`, `unknown backend operation "${named}" (known: ${Object.keys(BACKEND_OPERATIONS).join(', ')})`);
        break;
      }
      const spec = BACKEND_OPERATIONS[named];
      for (const param of spec.params) if (!(param in step.args)) add(file, `${base}/args`, `missing argument "${param}" of ${step.operation}`);
      for (const [name, value] of Object.entries(step.args)) {
        if (!spec.params.includes(name)) add(file, `${base}/args/${name}`, `${step.operation} takes no argument "${name}"`);
        else if (typeof value === 'string') checkRoot(`${base}/args/${name}`, value, true);
        else {
          const problem = spec.checkLiteral(name, value.value);
          if (problem) add(file, `${base}/args/${name}/value`, `${step.operation} refuses this value: ${problem}`);
        }
      }
      const outcomes = new Set(spec.outcomes);
      for (const key of Object.keys(step.on)) {
        if (!outcomes.has(key)) add(file, `${base}/on/${pointerEscape(key)}`, `${step.operation} has no outcome "${key}" (outcomes: ${[...outcomes].join(', ')})`);
      }
      // A state-changing call may time out after the backend acted: "default" would say it failed.
      if (spec.stateChanging && !(UNCONFIRMED in step.on)) {
        add(file, `${base}/on`, `${step.operation} changes state: say what happens when its outcome is unknown ("${UNCONFIRMED}": the backend may have done it, never say it failed)`);
      }
      break;
    }
    case 'branch':
      checkRoot(`${base}/on`, step.on);
      break;
    case 'pick':
      checkRoot(`${base}/list`, step.list);
      break;
    case 'sub':
    case 'goto': {
      const target = c.procedures.get(step.procedure);
      const wanted = step.type === 'sub' ? 'subdialog' : 'procedure';
      if (!target) add(file, `${base}/procedure`, `unknown procedure "${step.procedure}"`);
      else if ((target.kind ?? 'procedure') !== wanted) add(file, `${base}/procedure`, `"${step.procedure}" is not a ${wanted}`);
      else if (step.type === 'sub') {
        const values = new Set(Object.values(target.steps).flatMap((s) => (s.type === 'return' ? [s.value] : [])));
        for (const key of Object.keys(step.on ?? {})) {
          if (!values.has(key)) add(file, `${base}/on/${key}`, `"${step.procedure}" never returns "${key}" (returns: ${[...values].join(', ')})`);
        }
      }
      if (step.type === 'goto') step.keep?.forEach((slot, i) => checkRoot(`${base}/keep/${i}`, slot));
      break;
    }
    case 'return':
      if ((procedure.kind ?? 'procedure') !== 'subdialog') add(file, `${base}/type`, 'only a subdialog can return');
      break;
    case 'end':
      step.suggestions?.forEach((s, i) => checkTexts(file, `${base}/suggestions/${i}/title`, s.title, roots, secret));
      break;
    default:
      break;
  }
}

/**
 * A secret lives for one turn only: the call that uses it must follow its question without any
 * other question in between.
 */
function checkSecretUse(procedure: Procedure, askId: string, slot: string, base: string, file: string, add: AddProblem): void {
  const seen = new Set<string>();
  const queue = [procedure.steps[askId]?.type === 'ask' ? (procedure.steps[askId] as { next: string }).next : ''];
  while (queue.length > 0) {
    const id = queue.shift() ?? '';
    const step = procedure.steps[id];
    if (!step || seen.has(id)) continue;
    seen.add(id);
    if (step.type === 'call' && Object.values(step.args).some((a) => a === slot)) return;
    if (WAITING.has(step.type)) continue;
    for (const next of successors(step)) queue.push(next.id);
  }
  add(file, `${base}/next`, `the secret "${slot}" is used by no backend call right after this question (secrets are kept for one turn only)`);
}
