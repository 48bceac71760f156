/**
 * Runs procedures: enters steps one after the other until one waits for the person (a question)
 * or the procedure ends. Steps are data (dialogs/*.json); what a message means is decided before,
 * by the turn's stages.
 */
import type { ParseResult } from '../../nlu/types.js';
import type { SuggestedAction } from '../../shared/conversation.js';
import { BACKEND_OPERATIONS } from '../backend-operations.js';
import type { OperationName } from '../../backend/client/types.js';
import type { AskStep, ChoiceOption, Procedure, Step } from '../definitions.js';
import type { Frame } from '../state.js';
import { readPath } from '../template.js';
import { sayText, suggestions, type TurnContext } from '../turn-context.js';
import { optionsForNlu, procedureOf, rootProcedure } from './current.js';
import { takeGiven, takeGivenOption } from './given.js';
import { statedOption } from './stated.js';
import { endProcedures } from './stack.js';
import { requestAdvisor } from '../turn/advisor.js';
import { prompt } from './prompts.js';

/** Guards against a content loop the loader could not see (it refuses static ones). */
const MAX_STEPS_PER_TURN = 100;

/** Starts a procedure from scratch (any running one is dropped; values given earlier are kept). */
export async function startProcedure(ctx: TurnContext, procedure: Procedure, opening?: ParseResult, keep: Record<string, unknown> = {}): Promise<void> {
  ctx.state.stack = [{ procedure: procedure.id, step: procedure.start, failures: 0 }];
  ctx.state.slots = { ...keep };
  delete ctx.state.sent;
  ctx.state.pending = undefined;
  ctx.state.topic = procedure.id;
  ctx.opening = opening ?? ctx.parse;
  ctx.log.info({ event: 'engine.procedure.start', procedure: procedure.id }, 'procedure started');
  await runFrom(ctx, procedure.start);
}


/** Keeps an answer: secrets for this turn only, the rest in the procedure's slots. */
export function store(ctx: TurnContext, step: AskStep, value: string, details?: Record<string, unknown>): void {
  if (step.secret) ctx.secrets.set(step.slot, value);
  else ctx.state.slots[step.slot] = value;
  for (const [slot, key] of Object.entries(step.details ?? {})) ctx.state.slots[slot] = details?.[key];
}

/** The option of a route step that the opening sentence names (a written synonym only). */
export function routeOption(ctx: TurnContext, options: ChoiceOption[]): ChoiceOption | undefined {
  const source = ctx.opening ?? ctx.parse;
  if (options.length === 0 || !source.text.trim()) return undefined;
  const specs = optionsForNlu(options);
  const { nlu } = ctx.services;
  const id = nlu.pick ? nlu.pick(source.text, specs) : writtenChoice(nlu.parse(source.text, { expect: { kind: 'choice', options: specs } }));
  return options.find((o) => o.id === id);
}

function writtenChoice(result: ParseResult): string | undefined {
  return result.choiceBy === 'synonym' ? result.choice : undefined;
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
    // A question already answered (given earlier, or reused) is skipped with its introduction.
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
      case 'route':
        id = routeOption(ctx, step.options)?.next ?? step.default;
        continue;
      case 'branch':
        id = step.cases[caseKey(readPath(ctx.state.slots, step.on))] ?? step.default;
        continue;
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
      case 'handoff': {
        // Content asks for an advisor: the same way as when the person does.
        await requestAdvisor(ctx, step.reason, procedure);
        return;
      }
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

/** Where to go instead of asking, when the answer is already known (reused) or was given earlier. */
function skipAnswered(ctx: TurnContext, step: Step): string | undefined {
  if (step.type === 'ask') {
    if (step.reuse && hasValue(ctx.state.slots[step.slot])) return step.next;
    const given = takeGiven(ctx, step);
    if (!given) return undefined;
    store(ctx, step, given.value, given.details);
    return step.next;
  }
  if (step.type === 'choice' && step.reuse && step.slot && hasValue(ctx.state.slots[step.slot])) {
    const known = ctx.state.slots[step.slot];
    return step.options.find((o) => o.id === known)?.next;
  }
  // "…, carte vitale avec photo" said with the NIR answers "avec ou sans photo ?" before it is asked.
  if (step.type === 'choice' && step.expect !== 'options') {
    const value = takeGivenOption(ctx, step.expect);
    const option = value === undefined ? undefined : step.options.find((o) => o.id === value);
    if (option) {
      if (step.slot) ctx.state.slots[step.slot] = option.id;
      return option.next;
    }
  }
  // "J'ai mon code K7M2…", "j'ai bien reçu le code" answer "Avez-vous votre code provisoire ?" before it is asked.
  if (step.type === 'choice' && step.expect === 'options') {
    const given = (type: string) => ctx.state.held?.[type] !== undefined || ctx.state.given?.[type] !== undefined;
    const implied = step.options.find((o) => o.impliedBy?.some(given)) ?? statedOption(ctx.text, ctx.state.language, step.options);
    if (implied) {
      if (step.slot) ctx.state.slots[step.slot] = implied.id;
      return implied.next;
    }
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
  operation: OperationName,
  argSpec: Record<string, string | { value: string | number | boolean }>,
  save: Record<string, string> | undefined,
  on: Record<string, string> & { ok: string; default: string },
  stepId: string,
): Promise<string> {
  const spec = BACKEND_OPERATIONS[operation];
  const args: Record<string, unknown> = {};
  const sent = new Set(ctx.state.sent ?? []);
  for (const [name, source] of Object.entries(argSpec)) {
    if (typeof source !== 'string') args[name] = source.value;
    else if (ctx.secrets.has(source)) args[name] = ctx.secrets.get(source);
    else {
      args[name] = readPath(ctx.state.slots, source);
      sent.add(source.split('.')[0] ?? source);
    }
  }
  ctx.state.sent = [...sent];
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
