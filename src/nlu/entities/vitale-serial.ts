/**
 * The carte Vitale serial number asked by Mon espace santé: "Le numéro de série de la carte vitale
 * (11 derniers chiffres)" (source 000). Accepted input: exactly 11 digits, spaces, dots or dashes
 * allowed between them. A longer number is refused (wrong_length, expected 11) rather than cut:
 * a NIR typed in the wrong field must not pass as a serial number.
 */
import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, ok, SEPARATORS } from './shared.js';

export const VITALE_SERIAL_LENGTH = 11;

export function validateVitaleSerial(text: string, _context?: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  // "le numéro est 123 456 789 01": the words around the number are dropped.
  const run = onlyRun(trimmed);
  const letters = /[^0-9\s.\-_\u00a0\u202f]/.test(trimmed);
  const candidate = run ?? trimmed;
  const compact = candidate.replace(SEPARATORS, '');
  if (compact === '' || /[^0-9]/.test(compact) || (run === undefined && letters)) return fail('not_digits');
  if (compact.length !== VITALE_SERIAL_LENGTH) return fail('wrong_length', { length: compact.length, expected: VITALE_SERIAL_LENGTH });
  return ok(compact);
}

const DIGIT_RUN = /[0-9](?:[\s.\-\u00a0]?[0-9])*/g;

/**
 * The text's one run of digits, or undefined when it has none or several. It stops at the second
 * run rather than listing them all: "a1a1a1…" would make a list as long as the text, whose garbage
 * made the time grow faster than the text.
 */
function onlyRun(text: string): string | undefined {
  DIGIT_RUN.lastIndex = 0;
  const first = DIGIT_RUN.exec(text);
  if (!first) return undefined;
  return DIGIT_RUN.exec(text) ? undefined : first[0];
}

/** In free text: exactly 11 digits, in one block or in groups. */
const SERIAL_LIKE = /(?<![0-9+])[0-9](?:[-\s.]?[0-9]){10}(?![0-9])/g;

export function extractVitaleSerials(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(SERIAL_LIKE)) {
    out.push(entityFrom('vitale_serial', m.index, m.index + m[0].length, validateVitaleSerial(m[0]), m[0]));
  }
  return out;
}
