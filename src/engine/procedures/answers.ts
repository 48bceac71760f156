/**
 * Reads the answer to the waiting question, as a careful advisor would: an option by its words,
 * a plain yes or no, or a value that implies an option (the code itself answers "Avez-vous votre
 * code ?"); a value found in a sentence ("c'est le 22/03/1979"), an alternative ("je ne l'ai pas
 * reçu"). A rejected answer leaves the state untouched.
 */
import type { Entity } from '../../nlu/types.js';
import type { AskStep, ChoiceOption, ChoiceStep } from '../definitions.js';
import { textOf, type TurnContext } from '../turn-context.js';
import { visible, type Current } from './current.js';
import type { Rejection } from './prompts.js';
import { runFrom, store } from './runner.js';

export type AnswerOutcome = { accepted: true } | { accepted: false; rejection: Rejection; attempted: boolean };

const NOT_UNDERSTOOD: Rejection = { reason: 'not_understood' };

export async function tryAnswer(ctx: TurnContext, current: Current): Promise<AnswerOutcome> {
  const { step, frame } = current;
  if (step.type === 'choice') {
    const option = matchChoice(ctx, step);
    if (!option) return { accepted: false, rejection: NOT_UNDERSTOOD, attempted: ctx.parse.answered === true };
    if (step.slot) ctx.state.slots[step.slot] = option.id;
    frame.failures = 0;
    await runFrom(ctx, option.next);
    return { accepted: true };
  }
  const alternative = visible(ctx, step.alternatives ?? []).find((o) => o.id === ctx.parse.alternative);
  if (alternative) {
    // "Renvoyer le code" at a code step is a button, not the code.
    ctx.secretAnswer = false;
    frame.failures = 0;
    await runFrom(ctx, alternative.next);
    return { accepted: true };
  }
  return readValue(ctx, current, step);
}

async function readValue(ctx: TurnContext, current: Current, step: AskStep): Promise<AnswerOutcome> {
  const validator = ctx.services.validators.get(step.entity);
  if (!validator) throw new Error(`no validator "${step.entity}"`);
  // The value inside a sentence ("non, c'est le 19/06/1987"), else the whole message.
  const entity: Entity | undefined = ctx.parse.entities.find((e) => e.type === step.entity && e.valid !== false);
  // A free-form answer among values ("nom : Durand, né le 14/07/1988"): what is left of it.
  // "Mon nom c'est Durand": the name after the words that label it.
  const labelled = step.entity === 'last_name' ? labelledName(ctx.text) : undefined;
  const candidates = entity
    ? [ctx.text.slice(entity.start, entity.end), ctx.text]
    : [...(ctx.parse.residue ? [ctx.parse.residue] : []), ...(labelled ? [labelled] : []), ctx.text];
  let first: ReturnType<typeof validator> | undefined;
  for (const candidate of candidates) {
    const result = validator(candidate, { now: ctx.now });
    first ??= result;
    if (!result.ok) continue;
    store(ctx, step, result.value, result.details);
    current.frame.failures = 0;
    await runFrom(ctx, step.next);
    return { accepted: true };
  }
  const failed = first && !first.ok ? first : undefined;
  const attempted = ctx.parse.entities.some((e) => e.type === step.entity) || ctx.parse.answered === true;
  return {
    accepted: false,
    rejection: failed ? { reason: failed.reason, ...(failed.details ? { details: failed.details } : {}) } : NOT_UNDERSTOOD,
    attempted,
  };
}

function matchChoice(ctx: TurnContext, step: ChoiceStep): ChoiceOption | undefined {
  const options = visible(ctx, step.options);
  if (step.expect !== 'options') {
    const validator = ctx.services.validators.get(step.expect);
    // "Avec photo. Et c'est où le numéro ?" answers, then asks; "et si je le ferme, je pourrai le
    // rouvrir plus tard ?" asks, and its "plus tard" answers nothing.
    const asks = ctx.act.kind === 'question' && ctx.parse.answerOnly !== true;
    const fromEntity = ctx.parse.entities.find((e) => e.type === step.expect && e.valid !== false && (!asks || leads(ctx.text, e)))?.value;
    const value = fromEntity ?? (validator ? okValue(validator(ctx.text, { now: ctx.now })) : undefined);
    return (value ? options.find((o) => o.id === value) : undefined) ?? byTitleWord(ctx, options);
  }
  const picked = options.find((o) => o.id === ctx.parse.choice);
  // "Merci ! le lien est valable combien de temps ?" holds "merci", but asks a question: not a pick.
  // Only a question that is nothing but an option ("par SMS ?") picks it.
  if (picked && ctx.act.kind === 'question' && ctx.parse.answerOnly !== true) return undefined;
  if (picked && ctx.parse.choiceBy !== 'fuzzy') return picked;
  // The value itself answers the question ("K7M2P9X4R8TQ" to "Avez-vous votre code provisoire ?").
  const byValue = options.find((o) => o.impliedBy?.some((type) => ctx.parse.entities.some((e) => e.type === type && e.valid !== false)));
  if (byValue) return byValue;
  // "ouais", "bien sûr", "nan": a plain yes or no picks the option that means it.
  const yesNo = ctx.parse.entities.find((e) => e.type === 'yes_no' && e.valid !== false)?.value;
  const byMeaning = yesNo ? options.find((o) => o.meaning === yesNo) : undefined;
  if (!byMeaning && ctx.act.lacking && !ctx.act.notAtHand) {
    // "Je sais pas où il est" to "Avez-vous votre code ?": where to find it.
    const lacking = options.find((o) => o.meaning === 'lacking');
    if (lacking) return lacking;
  }
  // Last, the closest option despite typos.
  return byMeaning ?? picked ?? byTitleWord(ctx, options);
}

/** The words that label a name given at its question ("mon nom c'est", "je m'appelle", "nom :"). */
const NAME_LABEL = /^\s*(?:mon nom(?: de famille)?\s*(?:c['’ ]?\s?est|est|:)|je m['’ ]?\s?appelle|(?:nom|name)(?: de famille)?\s*:|my (?:last |family )?name is)\s+(\S.*)$/iu;

/** The name after the words that label it, when the message starts with them. */
export function labelledName(text: string): string | undefined {
  // "nom : Durand, né le 14/07/1988": the name stops at the first comma.
  return NAME_LABEL.exec(text)?.[1]?.split(/[,;.]/)[0]?.trim() || undefined;
}

/** Words a message may start with before its answer ("bah oui", "euh non"). */
const LEAD_WORDS_MAX = 1;

/** The value comes first in the message, a word at most before it. */
function leads(text: string, entity: Entity): boolean {
  return wordsIn(text.slice(0, entity.start)) <= LEAD_WORDS_MAX;
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** A word or two of one option's title, and nothing else ("avec" for "Avec photo"). */
const TITLE_WORDS_MAX = 2;

function byTitleWord(ctx: TurnContext, options: readonly ChoiceOption[]): ChoiceOption | undefined {
  const { terms } = ctx.services;
  if (!terms) return undefined;
  const said = terms(ctx.text, ctx.state.language);
  if (said.length === 0 || said.length > TITLE_WORDS_MAX) return undefined;
  const holding = options.filter((o) => {
    const title = new Set(terms(textOf(ctx, o.title), ctx.state.language));
    return said.every((t) => title.has(t));
  });
  return holding.length === 1 ? holding[0] : undefined;
}

function okValue(v: { ok: boolean; value?: unknown }): string | undefined {
  return v.ok && typeof v.value === 'string' ? v.value : undefined;
}
