/**
 * Short answers to a question: yes/no, e-mail or SMS, card with or without photo. The phrases are
 * data (knowledge/nlu/lexicon.json, "answers"), matched on normalised tokens so that "d'accord",
 * "dacc", "ouiii" and "OK !" all count.
 */
import type { Lexicon } from '../data/types.js';
import { createNormalizer, type Normalizer, type TokenSpan } from '../text/normalize.js';
import type { Entity, EntityType, Validation, ValidationContext, Validator } from '../types.js';
import { fail, ok } from './shared.js';

export type AnswerKind = 'yes_no' | 'email_or_sms' | 'card_type';

type Category = keyof Omit<Lexicon['answers'], 'fillers'>;

const CATEGORIES: Record<Category, { kind: AnswerKind; value: string }> = {
  yes: { kind: 'yes_no', value: 'yes' },
  no: { kind: 'yes_no', value: 'no' },
  email: { kind: 'email_or_sms', value: 'email' },
  sms: { kind: 'email_or_sms', value: 'sms' },
  photo: { kind: 'card_type', value: 'photo' },
  sans_photo: { kind: 'card_type', value: 'sans_photo' },
};

export interface AnswerMatch {
  kind: AnswerKind;
  value: string;
  /** Positions in the input text. */
  start: number;
  end: number;
  /** Positions in the token list. */
  firstToken: number;
  lastToken: number;
  /** A phrase of two words or more ("par sms", "sans photo"): specific enough for free text. */
  multiWord: boolean;
}

export interface AnswerReading {
  spans: TokenSpan[];
  matches: AnswerMatch[];
}

/** A match on plain tokens (no positions in the text). */
export type TokenMatch = Omit<AnswerMatch, 'start' | 'end'>;

export interface AnswerMatcher {
  read(text: string): AnswerReading;
  /** The matches on normalised tokens, without positions: a cheap look before `read`. */
  scan(tokens: readonly string[]): TokenMatch[];
  /** Tokens outside the matches of `kind` that are not fillers. */
  residualOf(tokens: readonly string[], matches: readonly TokenMatch[], kind: AnswerKind): string[];
  /**
   * The yes/no value of normalised tokens that are nothing but a yes or a no (fillers aside):
   * "oui merci" → yes, "non pas maintenant" → no, "oui mais…" → undefined. Fast (no positions):
   * the classifier uses it as a feature.
   */
  wholeYesNo(tokens: readonly string[]): 'yes' | 'no' | undefined;
  /** Tokens of the reading outside the matches of `kind` that are not fillers ("euh", "merci"…). */
  residual(reading: AnswerReading, kind: AnswerKind): string[];
  validate(kind: AnswerKind, text: string): Validation;
}

interface Phrase {
  tokens: string[];
  category: Category;
}

/**
 * `normalizer` should be the NLU's (its vocabulary repairs "ouiii"); without one, a normaliser
 * whose vocabulary is the answer phrases themselves is built.
 */
export function createAnswerMatcher(lexicon: Lexicon, normalizer?: Normalizer): AnswerMatcher {
  let norm = normalizer;
  if (!norm) {
    const plain = createNormalizer({ lexicon });
    const vocabulary = new Set<string>();
    for (const list of Object.values(lexicon.answers)) for (const phrase of list) for (const t of plain.tokens(phrase)) vocabulary.add(t);
    norm = createNormalizer({ lexicon, vocabulary });
  }
  const n = norm;

  const byFirst = new Map<string, Phrase[]>();
  for (const category of Object.keys(CATEGORIES) as Category[]) {
    for (const phrase of lexicon.answers[category]) {
      const tokens = n.tokens(phrase);
      const first = tokens[0];
      if (!first) continue;
      byFirst.set(first, [...(byFirst.get(first) ?? []), { tokens, category }]);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  const fillers = new Set(lexicon.answers.fillers.flatMap((f) => n.tokens(f)));

  const scan = (tokens: readonly string[]): TokenMatch[] => {
    const matches: TokenMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const hit = (byFirst.get(tokens[i] as string) ?? []).find((p) => p.tokens.every((t, k) => tokens[i + k] === t));
      if (!hit) {
        i++;
        continue;
      }
      const last = i + hit.tokens.length - 1;
      const { kind, value } = CATEGORIES[hit.category];
      matches.push({ kind, value, firstToken: i, lastToken: last, multiWord: hit.tokens.length > 1 });
      i = last + 1;
    }
    return matches;
  };

  const read = (text: string): AnswerReading => {
    const spans = n.spans(text);
    const matches = scan(spans.map((s) => s.token)).map((m) => ({ ...m, start: (spans[m.firstToken] as TokenSpan).start, end: (spans[m.lastToken] as TokenSpan).end }));
    return { spans, matches };
  };

  const residualOf = (tokens: readonly string[], matches: readonly TokenMatch[], kind: AnswerKind): string[] => {
    const covered = new Set<number>();
    for (const m of matches) if (m.kind === kind) for (let k = m.firstToken; k <= m.lastToken; k++) covered.add(k);
    return tokens.filter((t, index) => !covered.has(index) && !fillers.has(t));
  };

  const wholeYesNo = (tokens: readonly string[]): 'yes' | 'no' | undefined => {
    let value: 'yes' | 'no' | undefined;
    let i = 0;
    while (i < tokens.length) {
      const hit = (byFirst.get(tokens[i] as string) ?? []).find((p) => CATEGORIES[p.category].kind === 'yes_no' && p.tokens.every((t, k) => tokens[i + k] === t));
      if (hit) {
        const v = CATEGORIES[hit.category].value as 'yes' | 'no';
        if (value && value !== v) return undefined;
        value = v;
        i += hit.tokens.length;
      } else if (fillers.has(tokens[i] as string)) {
        i += 1;
      } else {
        return undefined;
      }
    }
    return value;
  };

  const residual = (reading: AnswerReading, kind: AnswerKind): string[] =>
    residualOf(
      reading.spans.map((s) => s.token),
      reading.matches,
      kind,
    );

  const validate = (kind: AnswerKind, text: string): Validation => {
    if (text.trim() === '') return fail('empty');
    const reading = read(text);
    const values = new Set(reading.matches.filter((m) => m.kind === kind).map((m) => m.value));
    if (values.size > 1) return fail('not_understood', { ambiguous: true });
    const [value] = [...values];
    if (!value || residual(reading, kind).length > 0) return fail('not_understood');
    return ok(value);
  };

  return { read, scan, residualOf, wholeYesNo, residual, validate };
}

/**
 * Whether free text (no expectation) may hold an answer entity worth reporting: the whole message
 * is an answer, or it holds a phrase such as "par sms" or "sans photo". Decided on tokens, so that
 * the slower `read` (positions) runs only when it will report something.
 */
export function mayHoldAnswer(matcher: AnswerMatcher, tokens: readonly string[]): boolean {
  const matches = matcher.scan(tokens);
  if (matches.length === 0) return false;
  if (matches.some((m) => m.multiWord && m.kind !== 'yes_no')) return true;
  return (['yes_no', 'email_or_sms', 'card_type'] as const).some((kind) => matches.some((m) => m.kind === kind) && matcher.residualOf(tokens, matches, kind).length === 0);
}

/** The answer entities of a reading. `anywhere`: also single words inside a longer sentence. */
export function answerEntities(matcher: AnswerMatcher, reading: AnswerReading, options: { anywhere: boolean }): Entity[] {
  const out: Entity[] = [];
  for (const kind of ['yes_no', 'email_or_sms', 'card_type'] as const) {
    const whole = matcher.residual(reading, kind).length === 0;
    // One answer of each kind: the last one said ("oui… enfin non, plus tard" is a no).
    let last: Entity | undefined;
    for (const m of reading.matches) {
      if (m.kind !== kind) continue;
      // In free text a lone "non" or "message" says little; a whole answer or a phrase says more.
      if (!options.anywhere && !whole && !(m.multiWord && kind !== 'yes_no')) continue;
      if (!last || m.start >= last.start) last = { type: kind satisfies EntityType, value: m.value, start: m.start, end: m.end, valid: true };
    }
    if (last) out.push(last);
  }
  return out;
}

export function answerValidator(matcher: AnswerMatcher, kind: AnswerKind): Validator {
  return (text: string, _context: ValidationContext) => matcher.validate(kind, text);
}
