/**
 * The Mon espace santé provisional code: "Un code provisoire reçu par courriel et/ou par courrier
 * postal (12 caractères)" (source 000), printed like "123456789ABC" (source 004). Letters and digits;
 * people may type it in lower case or in groups ("1234 5678 9abc"): the value is the 12 characters
 * in upper case. It is a secret: never logged, never echoed.
 */
import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, ok, SEPARATORS } from './shared.js';

export const PROVISIONAL_CODE_LENGTH = 12;

export function validateProvisionalCode(text: string, _context?: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  const compact = trimmed.replace(SEPARATORS, '').toUpperCase();
  if (/^[A-Z0-9]{12}$/.test(compact)) return ok(compact);
  // "mon code est 123456789ABC": one word of 12 letters and digits, with a digit in it.
  const words = trimmed.split(/[\s:;,]+/).filter((w) => /^[A-Za-z0-9]{12}$/.test(w) && /[0-9]/.test(w));
  if (words.length === 1 && words[0]) return ok(words[0].toUpperCase());
  if (/[^A-Z0-9]/.test(compact)) return fail('invalid_characters');
  return fail('wrong_length', { length: compact.length, expected: PROVISIONAL_CODE_LENGTH });
}

/** In free text: a word of 12 letters and digits with both in it ("ABCD1234EFGH"). */
const CODE_LIKE = /(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{12}(?![A-Za-z0-9])/g;

/** In free text too: three groups of four, as people copy it from the letter ("Z8Q4 C6N2 L7MV"). */
const GROUPED = /(?<![A-Za-z0-9])[A-Za-z0-9]{4}[ .-][A-Za-z0-9]{4}[ .-][A-Za-z0-9]{4}(?![A-Za-z0-9])/g;

export function extractProvisionalCodes(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(CODE_LIKE)) {
    out.push(entityFrom('provisional_code', m.index, m.index + m[0].length, ok(m[0].toUpperCase()), m[0]));
  }
  for (const m of text.matchAll(GROUPED)) {
    const compact = m[0].replace(/[ .-]/g, '');
    // Both letters and digits: "1234 5678 9012" is a number, "pour tous mais" words.
    if (!/[0-9]/.test(compact) || !/[A-Za-z]/.test(compact)) continue;
    out.push(entityFrom('provisional_code', m.index, m.index + m[0].length, ok(compact.toUpperCase()), m[0]));
  }
  return out;
}
