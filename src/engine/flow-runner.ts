/**
 * Runs procedures: enters steps one after the other until one waits for the person (a question)
 * or the procedure ends, and reads an answer to the waiting question. What to do with an answer
 * that does not fit (another topic, an interruption, a mistake) is the router's business.
 */
import type { Entity, EntityType, Expectation, ParseResult } from '../nlu/types.js';
import { BACKEND_OPERATIONS } from './backend-operations.js';
import type { AskStep, ChoiceOption, ChoiceStep, Procedure, Step } from './definitions.js';
import type { Frame } from './state.js';
import { readPath } from './template.js';
import { say, sayMessage, sayText, suggestions, type TurnContext } from './turn-context.js';
import type { SuggestedAction } from '../shared/conversation.js';

/** Entity types the NLU extracts (src/nlu/types.ts); other validators are the engine's. */
export const NLU_ENTITY_TYPES: ReadonlySet<string> = new Set<EntityType>([
  'nir',
  'birth_date',
  'postal_code',
  'departement',
  'email',
  'phone',
  'provisional_code',
  'vitale_serial',
  'yes_no',
  'email_or_sms',
  'card_type',
]);

/** Guards against a content loop the loader could not see (it refuses static ones). */
const MAX_STEPS_PER_TURN = 100;

export interface Current {
  frame: Frame;
  procedure: Procedure;
  step: AskStep | ChoiceStep;
}

export function procedureOf(ctx: TurnContext, id: string): Procedure {
  const procedure = ctx.services.catalog.procedures.get(id);
  if (!procedure) throw new Error(`unknown procedure "${id}"`);
  return procedure;
}

/** The question the conversation is waiting on, if a procedure is running. */
export function currentStep(ctx: TurnContext): Current | undefined {
  const frame = ctx.state.stack[ctx.state.stack.length - 1];
  if (!frame) return undefined;
  const procedure = ctx.services.catalog.procedures.get(frame.procedure);
  const step = procedure?.steps[frame.step];
  if (!procedure || !step || (step.type !== 'ask' && step.type !== 'choice')) return undefined;
  return { frame, procedure, step };
}

export function rootProcedure(ctx: TurnContext): Procedure | undefined {
  const root = ctx.state.stack[0];
  return root ? ctx.services.catalog.procedures.get(root.procedure) : undefined;
}

function visible(ctx: TurnContext, options: ChoiceOption[]): ChoiceOption[] {
  return options.filter((o) => !o.if || Boolean(readPath(ctx.state.slots, o.if)));
}

export function choiceExpectation(options: ChoiceOption[]): Expectation {
  return {
    kind: 'choice',
    options: options.map((o) => ({ id: o.id, synonyms: [o.title.fr, o.title.en, ...(o.synonyms?.fr ?? []), ...(o.synonyms?.en ?? [])] })),
  };
}

/** What the NLU should expect as an answer to this step. */
export function expectationFor(ctx: TurnContext, step: AskStep | ChoiceStep): Expectation {
  if (step.type === 'ask') {
    return NLU_ENTITY_TYPES.has(step.entity) ? { kind: 'entity', entity: step.entity as EntityType } : { kind: 'free_text' };
  }
  switch (step.expect) {
    case 'yes_no':
      return { kind: 'yes_no' };
    case 'email_or_sms':
      return { kind: 'email_or_sms' };
    case 'card_type':
      return { kind: 'entity', entity: 'card_type' };
    default:
      return choiceExpectation(visible(ctx, step.options));
  }
}

/**
 * The option a text picks. `strict` (routes, alternatives of a question) only trusts a synonym
 * written in the text: an ordinal or a near miss there would turn "1 85 05…" or a code into a pick.
 */
function matchOptions(ctx: TurnContext, options: ChoiceOption[], text: string, parse?: ParseResult, strict = true): ChoiceOption | undefined {
  if (options.length === 0 || !text.trim()) return undefined;
  const result = parse ?? ctx.services.nlu.parse(text, { expect: choiceExpectation(options) });
  if (!result.choice || (strict && result.choiceBy !== undefined && result.choiceBy !== 'synonym')) return undefined;
  return options.find((o) => o.id === result.choice);
}

export function promptActions(ctx: TurnContext, step: AskStep | ChoiceStep): SuggestedAction[] {
  const t = (o: ChoiceOption) => ({ title: ctx.services.copy.text(o.title, { language: ctx.state.language, now: ctx.now, slots: ctx.state.slots }), value: '' });
  if (step.type === 'choice') return visible(ctx, step.options).map((o) => withValue(t(o)));
  return [...visible(ctx, step.alternatives ?? []).map((o) => withValue(t(o))), ...suggestions(ctx, step.suggestions ?? [])];
}

/** A button sends its own title back: the NLU matches titles as synonyms of their option. */
function withValue(a: SuggestedAction): SuggestedAction {
  return { title: a.title, value: a.title };
}

export type PromptMode = 'ask' | 'reprompt' | 'resume';

export function prompt(ctx: TurnContext, step: AskStep | ChoiceStep, mode: PromptMode): void {
  const text = mode === 'ask' ? step.prompt : (step.reprompt ?? step.prompt);
  const words = ctx.services.copy.text(text, { language: ctx.state.language, now: ctx.now, slots: ctx.state.slots });
  const actions = promptActions(ctx, step);
  if (mode === 'resume') sayMessage(ctx, 'resume', { prompt: words }, actions);
  else say(ctx, words, actions);
}

/** Starts a procedure from scratch (any running one is dropped). */
export async function startProcedure(ctx: TurnContext, procedure: Procedure, opening?: ParseResult, keep: Record<string, unknown> = {}): Promise<void> {
  ctx.state.stack = [{ procedure: procedure.id, step: procedure.start, failures: 0 }];
  ctx.state.slots = { ...keep };
  ctx.state.pending = undefined;
  ctx.state.topic = procedure.id;
  if (opening) ctx.opening = opening;
  ctx.log.info({ event: 'engine.procedure.start', procedure: procedure.id }, 'procedure started');
  await runFrom(ctx, procedure.start);
}

export function endProcedures(ctx: TurnContext): void {
  ctx.state.stack = [];
  ctx.state.slots = {};
}

function prefill(ctx: TurnContext, step: AskStep): { value: string; details?: Record<string, unknown> } | undefined {
  if (!step.prefill || !ctx.opening || !NLU_ENTITY_TYPES.has(step.entity)) return undefined;
  const validator = ctx.services.validators.get(step.entity);
  const entity: Entity | undefined = ctx.opening.entities.find((e) => e.type === step.entity && e.valid !== false);
  if (!validator || !entity) return undefined;
  const result = validator(entity.value, { now: ctx.now });
  return result.ok ? { value: result.value, ...(result.details ? { details: result.details } : {}) } : undefined;
}

function store(ctx: TurnContext, step: AskStep, value: string, details?: Record<string, unknown>): void {
  if (step.secret) ctx.secrets.set(step.slot, value);
  else ctx.state.slots[step.slot] = value;
  for (const [slot, key] of Object.entries(step.details ?? {})) ctx.state.slots[slot] = details?.[key];
}

/** Enters `stepId` in the top frame and runs until a question or the end. */
export async function runFrom(ctx: TurnContext, stepId: string): Promise<void> {
  let id = stepId;
  for (let guard = 0; ; guard++) {
    if (guard > MAX_STEPS_PER_TURN) throw new Error(`dialog ran ${MAX_STEPS_PER_TURN} steps without a question (at "${id}")`);
    const frame = ctx.state.stack[ctx.state.stack.length - 1];
    if (!frame) return;
    const procedure = procedureOf(ctx, frame.procedure);
    const step: Step | undefined = procedure.steps[id];
    if (!step) throw new Error(`unknown step "${id}" in "${procedure.id}"`);
    frame.step = id;
    // A question skipped because it is already answered skips its introduction too.
    const skipTo = skipAnswered(ctx, step);
    if (skipTo !== undefined) {
      id = skipTo;
      continue;
    }
    for (const text of step.say ?? []) sayText(ctx, text);

    switch (step.type) {
      case 'say':
      case 'set':
        if (step.type === 'set') Object.assign(ctx.state.slots, step.values);
        id = step.next;
        continue;
      case 'ask':
      case 'choice':
        frame.failures = 0;
        prompt(ctx, step, 'ask');
        return;
      case 'route': {
        const source = ctx.opening?.text ?? ctx.text;
        id = matchOptions(ctx, step.options, source)?.next ?? step.default;
        continue;
      }
      case 'branch': {
        id = step.cases[caseKey(readPath(ctx.state.slots, step.on))] ?? step.default;
        continue;
      }
      case 'pick': {
        const list = ctx.state.slots[step.list];
        const items = Array.isArray(list) ? [...(list as unknown[])] : [];
        const index = items.findIndex((item) => Object.entries(step.where ?? {}).every(([k, v]) => caseKey(readPath(item, k)) === v));
        if (index < 0) {
          delete ctx.state.slots[step.into];
          id = step.empty;
          continue;
        }
        ctx.state.slots[step.into] = items[index];
        items.splice(index, 1);
        ctx.state.slots[step.list] = items;
        id = step.next;
        continue;
      }
      case 'call':
        id = await call(ctx, frame, step.operation, step.args, step.save, step.on, id);
        continue;
      case 'sub': {
        const sub = procedureOf(ctx, step.procedure);
        ctx.state.stack.push({ procedure: sub.id, step: sub.start, failures: 0 });
        id = sub.start;
        continue;
      }
      case 'return': {
        ctx.state.stack.pop();
        const caller = ctx.state.stack[ctx.state.stack.length - 1];
        const callerStep = caller ? procedureOf(ctx, caller.procedure).steps[caller.step] : undefined;
        if (!caller || callerStep?.type !== 'sub') throw new Error(`"${procedure.id}" returned to no caller`);
        id = callerStep.on?.[step.value] ?? callerStep.next;
        continue;
      }
      case 'goto': {
        const target = procedureOf(ctx, step.procedure);
        const keep = Object.fromEntries((step.keep ?? []).filter((s) => s in ctx.state.slots).map((s) => [s, ctx.state.slots[s]]));
        ctx.log.info({ event: 'engine.procedure.goto', from: procedure.id, to: target.id }, 'procedure switched');
        ctx.state.stack = [{ procedure: target.id, step: target.start, failures: 0 }];
        ctx.state.slots = keep;
        ctx.state.topic = target.id;
        id = target.start;
        continue;
      }
      case 'handoff':
        requestHandoff(ctx, step.reason, procedure);
        return;
      case 'end':
        endWith(ctx, step.suggestions ? suggestions(ctx, step.suggestions) : []);
        ctx.log.info({ event: 'engine.procedure.end', procedure: rootProcedure(ctx)?.id ?? procedure.id, step: id }, 'procedure ended');
        endProcedures(ctx);
        return;
    }
  }
}

/** Attaches the end's suggested actions to the last message (or says nothing new). */
function endWith(ctx: TurnContext, actions: SuggestedAction[]): void {
  const last = ctx.replies[ctx.replies.length - 1];
  if (actions.length === 0) return;
  if (last && !last.suggestedActions) last.suggestedActions = actions;
  else ctx.replies.push({ text: '', language: ctx.state.language, suggestedActions: actions });
}

/** Where to go instead of asking, when the answer is already known (reuse) or given (prefill). */
function skipAnswered(ctx: TurnContext, step: Step): string | undefined {
  if (step.type === 'ask') {
    if (step.reuse && hasValue(ctx.state.slots[step.slot])) return step.next;
    const given = prefill(ctx, step);
    if (!given) return undefined;
    store(ctx, step, given.value, given.details);
    return step.next;
  }
  if (step.type === 'choice' && step.reuse && step.slot) {
    const known = ctx.state.slots[step.slot];
    return step.options.find((o) => o.id === known)?.next;
  }
  return undefined;
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** "true"/"false" for booleans, "empty" for nothing, "some" for a non-empty list, else the string. */
export function caseKey(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'empty';
  if (Array.isArray(value)) return value.length === 0 ? 'empty' : 'some';
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return String(value);
  return 'some';
}

async function call(
  ctx: TurnContext,
  frame: Frame,
  operation: string,
  argSpec: Record<string, string | { value: string | number | boolean }>,
  save: Record<string, string> | undefined,
  on: Record<string, string> & { ok: string; default: string },
  stepId: string,
): Promise<string> {
  const spec = BACKEND_OPERATIONS[operation];
  if (!spec) throw new Error(`unknown backend operation "${operation}"`);
  const args: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(argSpec)) {
    if (typeof source !== 'string') args[name] = source.value;
    else if (ctx.secrets.has(source)) args[name] = ctx.secrets.get(source);
    else args[name] = readPath(ctx.state.slots, source);
  }
  const started = performance.now();
  const result = await spec.invoke(ctx.services.backend, args, {
    idempotencyKey: `${ctx.state.id}:${ctx.state.turn}:${frame.procedure}:${stepId}`,
    requestId: ctx.input.conversationId,
  });
  const outcome = result.ok ? 'ok' : result.error.code;
  ctx.log.info({ event: 'engine.backend.call', operation, outcome, ms: Math.round((performance.now() - started) * 100) / 100 }, 'backend call');
  if (result.ok) {
    delete ctx.state.slots.error;
    for (const [slot, path] of Object.entries(save ?? {})) ctx.state.slots[slot] = readPath(result.value, path);
    return on.ok;
  }
  const { code, attemptsLeft, lockedUntil, failedRules } = result.error;
  ctx.state.slots.error = {
    code,
    ...(attemptsLeft !== undefined ? { attemptsLeft } : {}),
    ...(lockedUntil !== undefined ? { lockedUntil } : {}),
    ...(failedRules !== undefined ? { failedRules } : {}),
  };
  return on[code] ?? on.default;
}

/** Reads the answer to the waiting question. Rejected answers leave the state untouched. */
export type AnswerOutcome = { accepted: true } | { accepted: false; reason: string; details?: Record<string, unknown>; attempted: boolean };

export async function tryAnswer(ctx: TurnContext, current: Current): Promise<AnswerOutcome> {
  const { step, frame } = current;
  if (step.type === 'choice') {
    const option = matchChoice(ctx, step);
    if (!option) return { accepted: false, reason: 'not_understood', attempted: false };
    if (step.slot) ctx.state.slots[step.slot] = option.id;
    frame.failures = 0;
    await runFrom(ctx, option.next);
    return { accepted: true };
  }
  const alternatives = visible(ctx, step.alternatives ?? []);
  const alternative = matchOptions(ctx, alternatives, ctx.text);
  if (alternative) {
    frame.failures = 0;
    await runFrom(ctx, alternative.next);
    return { accepted: true };
  }
  const validator = ctx.services.validators.get(step.entity);
  if (!validator) throw new Error(`no validator "${step.entity}"`);
  const result = validator(ctx.text, { now: ctx.now });
  if (!result.ok) {
    const attempted = ctx.parse.entities.some((e) => e.type === step.entity);
    return { accepted: false, reason: result.reason, ...(result.details ? { details: result.details } : {}), attempted };
  }
  store(ctx, step, result.value, result.details);
  frame.failures = 0;
  await runFrom(ctx, step.next);
  return { accepted: true };
}

function matchChoice(ctx: TurnContext, step: ChoiceStep): ChoiceOption | undefined {
  const options = visible(ctx, step.options);
  if (step.expect === 'options') return matchOptions(ctx, options, ctx.text, ctx.parse, false);
  const validator = ctx.services.validators.get(step.expect);
  const fromEntity = ctx.parse.entities.find((e) => e.type === step.expect && e.valid !== false)?.value;
  const value = fromEntity ?? (validator ? okValue(validator(ctx.text, { now: ctx.now })) : undefined);
  return value ? options.find((o) => o.id === value) : undefined;
}

function okValue(v: { ok: boolean; value?: unknown }): string | undefined {
  return v.ok && typeof v.value === 'string' ? v.value : undefined;
}

/** The error message for a rejected answer, then the question again. */
export function sayInvalid(ctx: TurnContext, current: Current, outcome: Extract<AnswerOutcome, { accepted: false }>): void {
  const { step } = current;
  if (step.type === 'ask') {
    const text = step.invalid[outcome.reason] ?? step.invalid.default;
    sayText(ctx, text, { details: outcome.details ?? {} });
  } else if (step.invalid) {
    sayText(ctx, step.invalid);
  } else {
    sayMessage(ctx, 'choiceInvalid');
  }
  prompt(ctx, step, 'reprompt');
}

/** Queues a handoff request, tells the person, and ends what was running. */
export function requestHandoff(ctx: TurnContext, reason: string, procedure?: Procedure): void {
  const topic = procedure?.id ?? rootProcedure(ctx)?.id ?? ctx.state.topic ?? 'general';
  const owner = procedure ?? rootProcedure(ctx);
  ctx.effects.push({ kind: 'handoff', reason, topic, helpline: helplineFor(ctx, owner), replyIndex: ctx.replies.length });
  sayMessage(ctx, 'handoffDone', { helpline: helplineText(ctx, owner) });
  endProcedures(ctx);
  ctx.state.pending = undefined;
}

/** The helpline key for what the person is doing: the procedure's, else by topic. */
export function helplineFor(ctx: TurnContext, procedure?: Procedure): string {
  if (procedure) return procedure.helpline;
  const topic = ctx.state.topic ?? '';
  return topic.startsWith('mes') && ctx.services.catalog.assistant.helplines.mes ? 'mes' : 'ameli';
}

export function helplineText(ctx: TurnContext, procedure?: Procedure): string {
  const key = helplineFor(ctx, procedure);
  const text = ctx.services.catalog.assistant.helplines[key];
  return text ? ctx.services.copy.text(text, { language: ctx.state.language, now: ctx.now, slots: {} }) : '';
}
