/**
 * French mobile numbers: 06 or 07 and eight digits, written 06 12 34 56 78, 06.12.34.56.78,
 * +33 6 12 34 56 78, +33 (0)6…, 0033 6…. The value is E.164: +33612345678. Mon espace santé sends
 * its access code by SMS to a mobile, so a landline (01–05, 09) is refused with details.landline.
 */
import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, matchesOf, ok } from './shared.js';

const PHONE_LIKE = /(?<![0-9+])(?:\+33\s?(?:\(0\)\s?)?|0033\s?(?:\(0\)\s?)?|0)[1-9](?:[-\s.]?[0-9]{2}){4}(?![0-9])/g;

/** The 9 national digits after the country code or the leading 0, or undefined. */
function nationalDigits(text: string): string | undefined {
  const compact = text.replace(/[\s.\-()\u00a0]/g, '');
  const m = /^(?:\+33|0033)0?([1-9][0-9]{8})$|^0([1-9][0-9]{8})$/.exec(compact);
  return m ? (m[1] ?? m[2]) : undefined;
}

export function validatePhone(text: string, _context?: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  const found = matchesOf(trimmed, PHONE_LIKE);
  const only = found.length === 1 && found[0] ? found[0] : undefined;
  // "mon portable : 06…" is fine; another digit next to the number is not ("06 12 34 56 78 9").
  const rest = only ? trimmed.slice(0, only.start) + trimmed.slice(only.end) : '';
  const candidate = only && !/[0-9]/.test(rest) ? only.text : trimmed;
  const national = nationalDigits(candidate);
  if (!national) return fail('not_a_mobile', { digits: candidate.replace(/[^0-9]/g, '').length });
  if (national.startsWith('6') || national.startsWith('7')) return ok(`+33${national}`);
  return fail('not_a_mobile', { landline: true });
}

export function extractPhones(text: string): Entity[] {
  return matchesOf(text, PHONE_LIKE).map((m) => entityFrom('phone', m.start, m.end, validatePhone(m.text), m.text));
}
