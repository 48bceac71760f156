/**
 * French postal code (5 digits) and département (01–95, 2A/2B for Corsica, 971–976 overseas).
 * A postal code's département: its first two digits, 20xxx → 2A (200xx–201xx) or 2B (202xx–206xx),
 * 97xxx → its first three digits. Monaco (980xx) and the overseas collectivities of the Pacific
 * (986–988) have their own social security: not a département of the Assurance Maladie.
 */
import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, matchesOf, ok } from './shared.js';

const OVERSEAS = new Set(['971', '972', '973', '974', '975', '976']);

/** The département of a 5-digit postal code, or undefined when there is none. */
export function departementOfPostalCode(code: string): string | undefined {
  if (!/^[0-9]{5}$/.test(code)) return undefined;
  const two = code.slice(0, 2);
  if (two === '20') {
    const n = Number(code.slice(2, 3));
    if (n <= 1) return '2A';
    if (n <= 6) return '2B';
    return undefined;
  }
  if (two === '97') return OVERSEAS.has(code.slice(0, 3)) ? code.slice(0, 3) : undefined;
  const number = Number(two);
  if (number >= 1 && number <= 95) return two;
  return undefined;
}

/** "75", "2a", "971", "06" → the département code, or undefined. */
export function normaliseDepartement(text: string): string | undefined {
  const c = text.trim().toUpperCase();
  if (c === '2A' || c === '2B') return c;
  if (OVERSEAS.has(c)) return c;
  if (/^[0-9]{1,2}$/.test(c)) {
    const n = Number(c);
    if (n >= 1 && n <= 95 && n !== 20) return String(n).padStart(2, '0');
  }
  return undefined;
}

export function validatePostalCode(text: string, _context?: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  const m = /(?<![0-9])([0-9]{2})\s?([0-9]{3})(?![0-9])/.exec(trimmed);
  if (!m || /[0-9]/.test(trimmed.replace(m[0], ''))) return fail('not_a_postal_code');
  const code = `${m[1]}${m[2]}`;
  const departement = departementOfPostalCode(code);
  if (!departement) return fail('unknown_departement', { postalCode: code });
  return ok(code, { departement });
}

export function validateDepartement(text: string, _context?: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  const m = /(?<![0-9A-Za-z])(2[AaBb]|[0-9]{1,3})(?![0-9A-Za-z])/.exec(trimmed);
  if (!m) return fail('not_a_departement');
  const departement = normaliseDepartement(m[1] as string);
  if (!departement) return fail('unknown_departement', { departement: (m[1] as string).toUpperCase() });
  return ok(departement);
}

const POSTAL = /(?<![0-9A-Za-z+])[0-9]{5}(?![0-9A-Za-z])/g;
/** "département 93", "dans le 93", "dept 2A": a bare number is not enough in free text. */
const DEPARTEMENT_CUE = /(?:d[ée]partement|dept|dpt|dans le)\s+(2[AaBb]|[0-9]{2,3})(?![0-9A-Za-z/.:-])/gi;

export function extractPostalCodes(text: string): Entity[] {
  return matchesOf(text, POSTAL).map((m) => entityFrom('postal_code', m.start, m.end, validatePostalCode(m.text), m.text));
}

export function extractDepartements(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(DEPARTEMENT_CUE)) {
    const code = m[1] as string;
    const start = m.index + m[0].length - code.length;
    out.push(entityFrom('departement', start, start + code.length, validateDepartement(code), code));
  }
  return out;
}
