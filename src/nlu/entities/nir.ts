/**
 * The NIR (numéro de sécurité sociale): 13 characters, or 15 with the key. Sources: "Le numéro de
 * sécurité sociale (15 chiffres)" for Mon espace santé; the compte ameli asks for the 13 without
 * the key. A NIA (provisional number) starts with 7 or 8.
 */
import { compactNir, nirKey, nirKind } from '../../domain/nir.js';
import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, matchesOf, ok } from './shared.js';

export interface NirOptions {
  /** "optional" (default): 13 or 15 characters; "required": 15 only. */
  key?: 'optional' | 'required';
}

const BODY = /^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6,8}$/;

function validMonth(month: number): boolean {
  // 01–12; 20–42 and 50–99 are given to people whose month of birth is unknown or who were
  // registered from a civil-status record without one (INSEE rules). 00 and 13–19 never exist.
  return (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50;
}

/** The part of an answer that holds the number: from its first digit to its last character of a number. */
function candidateOf(text: string): string | undefined {
  const m = /[0-9](?:[0-9\s.\-_\u00a0\u202f]|2[AaBb])*[0-9]/.exec(text);
  if (!m) return undefined;
  const outside = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
  // Words around the number are fine ("mon numéro : …"); other digits are not.
  if (/[0-9]/.test(outside)) return text.trim();
  return m[0];
}

export function validateNir(text: string, _context?: ValidationContext, options: NirOptions = {}): Validation {
  if (text.trim() === '') return fail('empty');
  const candidate = candidateOf(text);
  if (!candidate) return fail('not_a_nir');
  const c = compactNir(candidate);
  if (!/^[0-9]+(?:2[AB][0-9]*)?$/.test(c) || (/[AB]/.test(c) && !/^[0-9]{5}2[AB]/.test(c))) return fail('not_a_nir');
  const length = c.length;
  const expectedMin = options.key === 'required' ? 15 : 13;
  if (length < expectedMin) return fail('too_short', { missing: expectedMin - length });
  if (length === 14) return fail('too_short', { missing: 1 });
  if (length > 15) return fail('too_long', { extra: length - 15 });
  if (!BODY.test(c)) return fail('not_a_nir');
  if (!'123478'.includes(c.charAt(0))) return fail('invalid_sex');
  if (!validMonth(Number(c.slice(3, 5)))) return fail('invalid_month');
  if (c.slice(5, 7) === '00') return fail('invalid_departement');
  const kind = nirKind(c);
  if (length === 15 && nirKey(c.slice(0, 13)) !== c.slice(13)) return fail('key_mismatch', { kind });
  return ok(c, { kind, withKey: length === 15 });
}

/** Runs of 13 to 15 characters shaped like a NIR (separators allowed), valid or not. */
const NIR_LIKE = /(?<![0-9A-Za-z])[1-478](?:[\s.\-\u00a0]?(?:[0-9]|2[AaBb])){11,16}(?![0-9A-Za-z])/g;

/**
 * "190093306367882 09/09/1990": the run reaches into the date that follows. The NIR is then its
 * longest prefix, cut at a separator, that is a whole valid NIR (15, else 13 characters).
 */
function nirPrefix(run: string): string | undefined {
  let best: string | undefined;
  for (let i = 1; i < run.length; i++) {
    if (!/[\s.\-\u00a0]/.test(run.charAt(i))) continue;
    const prefix = run.slice(0, i);
    const length = compactNir(prefix).length;
    if (length > 15) break;
    if ((length === 15 || length === 13) && validateNir(prefix).ok) best = prefix;
  }
  return best;
}

export function extractNirs(text: string): Entity[] {
  const out: Entity[] = [];
  for (const found of matchesOf(text, NIR_LIKE)) {
    let m = found;
    if (compactNir(m.text).length > 15) {
      const prefix = nirPrefix(m.text);
      if (prefix) m = { ...m, text: prefix, end: m.start + prefix.length };
    }
    const c = compactNir(m.text);
    if (c.length < 13 || c.length > 15) continue;
    const result = validateNir(m.text);
    if (!result.ok && result.reason === 'not_a_nir') continue;
    out.push(entityFrom('nir', m.start, m.end, result, c));
  }
  return out;
}
