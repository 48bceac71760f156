/**
 * Loads dialogs/: assistant.json (the assistant's own copy) and one file per procedure. Each file
 * is validated against its JSON Schema (ajv, allErrors), then every cross-reference is resolved:
 * step ids, intents, validators, backend operations and their outcomes, sub-dialogs, facts of the
 * knowledge base, slots used in copy, password-rule labels. A problem names the file and the JSON
 * pointer, and all problems are reported at once.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { AppError } from '../shared/errors.js';
import { fromRoot } from '../shared/paths.js';
import { BACKEND_OPERATIONS, isOperationName, UNCONFIRMED } from './backend-operations.js';
import type { AssistantCopy, ChoiceKind, ChoiceOption, Procedure, Step, Text } from './definitions.js';
import { SECRET_ENTITIES } from './local-validators.js';
import { NLU_ENTITY_TYPES } from './procedures/current.js';
import { FILTER_NAMES, parsePlaceholders } from './template.js';

export interface DialogCatalog {
  assistant: AssistantCopy;
  procedures: ReadonlyMap<string, Procedure>;
  /** The procedure an intent (or a finer child "<intent>.<detail>") starts, if any. */
  procedureForIntent(intent: string): Procedure | undefined;
  /** Files as loaded, relative to the project root (for diagrams and messages). */
  files: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  /** Folder holding assistant.json, the procedures and schema/ (default: <root>/dialogs). */
  dir?: string;
  /** Names of the validators the engine has (NLU entities and engine ones). */
  validators: Iterable<string>;
  /** The intents the NLU knows; when given, every intent named in a file must be one of them. */
  intents?: Iterable<string>;
  /** Tells whether a fact reference exists; when given, every {{fact:…}} is checked. */
  hasFact?: (ref: string) => boolean;
}

export class DialogLoadError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('dialogs_invalid', `dialogs/ has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'DialogLoadError';
    this.problems = problems;
  }
}

/** Messages of assistant.json the engine uses; the loader makes sure each one exists. */
export const REQUIRED_MESSAGES = [
  'greeting',
  'thanks',
  'goodbye',
  'help',
  'helpInProcedure',
  'cancelled',
  'nothingToCancel',
  'restarted',
  'resume',
  'sameProcedure',
  'switchConfirm',
  'switchKept',
  'disambiguate',
  'outOfScope',
  'notUnderstood',
  'offerAdvisor',
  'stuck',
  'handoffDone',
  'handoffFailed',
  'idleReset',
  'error',
  'busy',
  'feedbackQuestion',
  'feedbackThanks',
  'feedbackSorry',
  'choiceInvalid',
  'correctionDone',
  'correctionTooLate',
  'lackingWaysOut',
  'asideOutOfScope',
  'asideUnanswered',
  'postponed',
  'complaint',
  'otherAdministration',
  'offerGuide',
  'guideDeclined',
  'easyReadOn',
  'easyReadOff',
  'simplerNothing',
  'callbackConsent',
  'callbackAskContact',
  'callbackBadContact',
  'callbackAskWhen',
  'callbackAnyTime',
  'callbackDonePhone',
  'callbackDoneEmail',
  'callbackDeclined',
  'handoffLive',
  'generalSubject',
  'didYouMean',
] as const;
export type MessageKey = (typeof REQUIRED_MESSAGES)[number];

/** Variables the engine gives to assistant.json messages. */
export const ENGINE_VARIABLES = ['procedure', 'next', 'prompt', 'first', 'second', 'helpline', 'minutes', 'title', 'what', 'name', 'contact', 'when', 'subject'] as const;

/** Rules of each policy in src/domain, which assistant.json must name. */
const POLICY_RULES: Record<string, readonly string[]> = {
  mes_password: ['min_length', 'uppercase', 'lowercase', 'special', 'digit'],
  ameli_password: ['min_length', 'max_length', 'uppercase', 'lowercase', 'digit_or_special'],
  mes_identifier: ['min_length', 'not_email'],
};

const CHOICE_IDS: Record<Exclude<ChoiceKind, 'options'>, readonly string[]> = {
  yes_no: ['yes', 'no'],
  email_or_sms: ['email', 'sms'],
  card_type: ['photo', 'sans_photo'],
};

/** Steps that wait for the person's answer; every loop must go through one. */
const WAITING: ReadonlySet<Step['type']> = new Set(['ask', 'choice']);

interface Problem {
  file: string;
  pointer: string;
  message: string;
}

function compile(ajv: Ajv, file: string): ValidateFunction {
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

function describeAjvError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown property "${String(params.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing property "${String(params.missingProperty)}"`;
  if (e.keyword === 'enum') return `${e.message ?? 'invalid'}: ${(params.allowedValues as unknown[]).join(', ')}`;
  if (e.keyword === 'discriminator') return `unknown step type (${e.message ?? ''})`;
  return e.message ?? 'invalid';
}

const pointerEscape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function loadDialogs(options: LoadOptions): DialogCatalog {
  const dir = options.dir ?? fromRoot('dialogs');
  // Files are named from the folder above dialogs/ ("dialogs/password-reset.json").
  const rel = (f: string) => relative(dirname(dir), f) || f;
  const problems: Problem[] = [];
  const add = (file: string, pointer: string, message: string) => problems.push({ file, pointer, message });

  const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true });
  const validateProcedure = compile(ajv, join(dir, 'schema', 'procedure.schema.json'));
  const validateAssistant = compile(ajv, join(dir, 'schema', 'assistant.schema.json'));

  const read = (file: string, validate: ValidateFunction): unknown => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      add(rel(file), '', `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (!validate(data)) {
      for (const e of validate.errors ?? []) add(rel(file), e.instancePath, describeAjvError(e));
      return undefined;
    }
    return data;
  };

  const assistantFile = join(dir, 'assistant.json');
  const assistant = read(assistantFile, validateAssistant) as AssistantCopy | undefined;
  const procedures = new Map<string, Procedure>();
  const files = new Map<string, string>();
  const procedureFiles = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'assistant.json')
    .sort();
  for (const name of procedureFiles) {
    const file = join(dir, name);
    const procedure = read(file, validateProcedure) as Procedure | undefined;
    if (!procedure) continue;
    if (basename(name, '.json') !== procedure.id) add(rel(file), '/id', `the id "${procedure.id}" must match the file name "${name}"`);
    if (procedures.has(procedure.id)) add(rel(file), '/id', `duplicate procedure id "${procedure.id}"`);
    procedures.set(procedure.id, procedure);
    files.set(procedure.id, rel(file));
  }

  const validators = new Set(options.validators);
  const intents = options.intents ? new Set(options.intents) : undefined;
  const checkTexts = makeTextChecker(add, options.hasFact, assistant);

  if (assistant) checkAssistant(assistant, rel(assistantFile), add, intents, checkTexts);
  const intentOwner = new Map<string, string>();
  for (const procedure of procedures.values()) {
    const file = files.get(procedure.id) ?? procedure.id;
    checkProcedure(procedure, file, { add, procedures, validators, intents, assistant, checkTexts });
    if ((procedure.kind ?? 'procedure') === 'procedure') {
      procedure.intents.forEach((intent, i) => {
        const owner = intentOwner.get(intent);
        if (owner) add(file, `/intents/${i}`, `intent "${intent}" already starts the procedure "${owner}"`);
        intentOwner.set(intent, procedure.id);
      });
    } else if (procedure.intents.length > 0) {
      add(file, '/intents', 'a subdialog is only run by a `sub` step: it starts on no intent');
    }
  }

  if (problems.length > 0 || !assistant) {
    throw new DialogLoadError(problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`));
  }

  return {
    assistant,
    procedures,
    files,
    procedureForIntent(intent) {
      for (let name = intent; name; name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '') {
        const id = intentOwner.get(name);
        if (id) return procedures.get(id);
      }
      return undefined;
    },
  };
}

type AddProblem = (file: string, pointer: string, message: string) => void;
type TextChecker = (file: string, pointer: string, text: Text, allowedRoots: ReadonlySet<string>, secretSlots: ReadonlySet<string>) => void;

function makeTextChecker(add: AddProblem, hasFact: LoadOptions['hasFact'], assistant: AssistantCopy | undefined): TextChecker {
  return (file, pointer, text, allowedRoots, secretSlots) => {
    for (const language of ['fr', 'en'] as const) {
      for (const p of parsePlaceholders(text[language])) {
        const at = `${pointer}/${language}`;
        if (p.kind === 'fact') {
          if (hasFact && !hasFact(p.ref)) add(file, at, `unknown fact "${p.ref}" in ${p.raw}`);
          continue;
        }
        const rootName = p.ref.split('.')[0] ?? '';
        if (secretSlots.has(rootName)) add(file, at, `${p.raw} would show the secret "${rootName}": secrets are never echoed`);
        else if (!allowedRoots.has(rootName)) add(file, at, `${p.raw} names "${rootName}", which no step sets`);
        for (const f of p.filters) {
          if (!FILTER_NAMES.includes(f.name)) add(file, at, `unknown filter "${f.name}" in ${p.raw} (filters: ${FILTER_NAMES.join(', ')})`);
          if (f.name === 'rules' && assistant && !assistant.ruleLabels[f.args[0] ?? '']) {
            add(file, at, `unknown rule policy "${f.args[0] ?? ''}" in ${p.raw}`);
          }
        }
      }
    }
  };
}

function checkAssistant(a: AssistantCopy, file: string, add: AddProblem, intents: Set<string> | undefined, checkTexts: TextChecker): void {
  const allowed = new Set<string>(ENGINE_VARIABLES);
  const none = new Set<string>();
  for (const key of REQUIRED_MESSAGES) if (!a.messages[key]) add(file, '/messages', `missing message "${key}"`);
  for (const [key, text] of Object.entries(a.messages)) checkTexts(file, `/messages/${key}`, text, allowed, none);
  a.welcome.say.forEach((t, i) => checkTexts(file, `/welcome/say/${i}`, t, allowed, none));
  for (const [key, text] of Object.entries(a.helplines)) checkTexts(file, `/helplines/${pointerEscape(key)}`, text, none, none);
  if (!a.commands.restart) add(file, '/commands', 'missing command "restart"');
  if (!a.commands.retry) add(file, '/commands', 'missing command "retry"');
  if (!a.helplines.ameli) add(file, '/helplines', 'missing the default helpline "ameli"');
  if (intents) {
    for (const key of Object.keys(a.intentLabels)) if (!intents.has(key)) add(file, `/intentLabels/${pointerEscape(key)}`, `unknown intent "${key}"`);
    for (const [name, command] of Object.entries(a.commands)) {
      (command.intents ?? []).forEach((intent, i) => {
        if (!intents.has(intent)) add(file, `/commands/${name}/intents/${i}`, `unknown intent "${intent}"`);
      });
    }
  }
  for (const [policy, rules] of Object.entries(POLICY_RULES)) {
    const labels = a.ruleLabels[policy];
    if (!labels) {
      add(file, '/ruleLabels', `missing the rule names of "${policy}"`);
      continue;
    }
    for (const rule of rules) if (!labels[rule]) add(file, `/ruleLabels/${policy}`, `missing the name of rule "${rule}"`);
  }
}

interface ProcedureCheck {
  add: AddProblem;
  procedures: ReadonlyMap<string, Procedure>;
  validators: ReadonlySet<string>;
  intents: Set<string> | undefined;
  assistant: AssistantCopy | undefined;
  checkTexts: TextChecker;
}

/** Slots a procedure sets, including those of the sub-dialogs it runs (they share the slots). */
function slotsOf(procedure: Procedure, all: ReadonlyMap<string, Procedure>, seen = new Set<string>()): { plain: Set<string>; secret: Set<string> } {
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

function checkProcedure(procedure: Procedure, file: string, c: ProcedureCheck): void {
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
