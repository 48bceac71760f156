/**
 * Values people give before they are asked: a NIR and a birth date in a first chatty message, the
 * provisional code typed at "Avez-vous votre code provisoire ?". They are kept (secrets sealed)
 * until the step that asks them, which then takes them instead of asking; values nobody asks for
 * within a few turns are forgotten.
 */
import type { EntityType } from '../../nlu/types.js';
import type { AskStep } from '../definitions.js';
import type { TurnContext } from '../turn-context.js';
import { NLU_ENTITY_TYPES } from './current.js';

/** Turns after which a value given but never asked is forgotten. */
const KEPT_TURNS = 6;
const PERSONAL: ReadonlySet<EntityType> = new Set<EntityType>(['nir', 'birth_date', 'postal_code', 'email', 'phone', 'vitale_serial', 'provisional_code']);
/** Answers to a choice that a value names ("carte vitale avec photo"), kept the same way. */
const CHOICE_VALUES: ReadonlySet<EntityType> = new Set<EntityType>(['card_type']);
/** Given before its question, a secret is sealed in the state, never kept in clear. */
const SECRET: ReadonlySet<EntityType> = new Set<EntityType>(['provisional_code']);
/** A date is a birth date only when the message says so, or comes with the NIR it goes with. */
const BIRTH_CONTEXT = /\bn[ée]e?s?\s+l[ea]\b|naissance|anniversaire|\bbirth|\bborn\b/i;

/** Keeps the values of this message that no step asked for yet. */
export function offerValues(ctx: TurnContext): void {
  const { state } = ctx;
  const turn = state.turn;
  forgetOld(ctx, turn);
  const step = ctx.current?.step;
  const expected = step?.type === 'ask' ? step.entity : undefined;
  const asked = step?.type === 'choice' ? step.expect : undefined;
  const entities = ctx.parse.entities.filter((e) => e.valid !== false && (PERSONAL.has(e.type) || CHOICE_VALUES.has(e.type)) && e.type !== expected && e.type !== asked);
  if (entities.length === 0) return;
  const withNir = ctx.parse.entities.some((e) => e.type === 'nir' && e.valid !== false);
  for (const e of entities) {
    if (e.type === 'birth_date' && !withNir && !BIRTH_CONTEXT.test(ctx.text)) continue;
    if (SECRET.has(e.type)) {
      state.held = { ...state.held, [e.type]: { box: ctx.services.sealer.seal(e.value), turn } };
      ctx.secretAnswer = true;
    } else {
      state.given = { ...state.given, [e.type]: { value: e.value, turn } };
    }
  }
}

function forgetOld(ctx: TurnContext, turn: number): void {
  const { state } = ctx;
  for (const [type, g] of Object.entries(state.given ?? {})) if (turn - g.turn > KEPT_TURNS) delete state.given?.[type];
  for (const [type, h] of Object.entries(state.held ?? {})) if (turn - h.turn > KEPT_TURNS) delete state.held?.[type];
}

/** The value given earlier for this step, validated, and forgotten once taken. */
export function takeGiven(ctx: TurnContext, step: AskStep): { value: string; details?: Record<string, unknown> } | undefined {
  if (!NLU_ENTITY_TYPES.has(step.entity)) return undefined;
  const { state } = ctx;
  let raw: string | undefined;
  if (step.secret) {
    const held = state.held?.[step.entity];
    if (!held) return undefined;
    delete state.held?.[step.entity];
    raw = ctx.services.sealer.open(held.box);
  } else {
    raw = state.given?.[step.entity]?.value;
    if (raw === undefined) return undefined;
    delete state.given?.[step.entity];
  }
  const validator = ctx.services.validators.get(step.entity);
  if (raw === undefined || !validator) return undefined;
  const result = validator(raw, { now: ctx.now });
  return result.ok ? { value: result.value, ...(result.details ? { details: result.details } : {}) } : undefined;
}

/** The option a value given earlier names, for a choice read from a value (card type); forgotten once taken. */
export function takeGivenOption(ctx: TurnContext, expect: string): string | undefined {
  const given = ctx.state.given?.[expect];
  if (!given) return undefined;
  delete ctx.state.given?.[expect];
  return given.value;
}

/** Forgets every value given for the procedure (it ended, or starts over). */
export function forgetGiven(ctx: TurnContext): void {
  delete ctx.state.given;
  delete ctx.state.held;
  delete ctx.state.sent;
}
