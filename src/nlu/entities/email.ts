import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, matchesOf, ok } from './shared.js';

/** Local part, @, a domain with at least one dot and a top-level domain of two letters or more. */
const EMAIL = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9](?:[A-Za-z0-9._%+'-]*[A-Za-z0-9_%+'-])?@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

function isWellFormed(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  return !local.includes('..') && local.length <= 64 && email.length <= 254;
}

/** An e-mail address; the value is lower-cased (addresses are compared without case). */
export function validateEmail(text: string, _context?: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  const found = matchesOf(trimmed, EMAIL);
  const first = found[0];
  if (found.length !== 1 || !first || !isWellFormed(first.text)) return fail('not_an_email');
  // "mon mail : a@b.fr" is fine; "a@b.fr@c" or "a @b.fr" is not an address.
  const rest = (trimmed.slice(0, first.start) + ' ' + trimmed.slice(first.end)).trim();
  if (rest.includes('@')) return fail('not_an_email');
  return ok(first.text.toLowerCase());
}

export function extractEmails(text: string): Entity[] {
  return matchesOf(text, EMAIL)
    .filter((m) => isWellFormed(m.text))
    .map((m) => entityFrom('email', m.start, m.end, { ok: true, value: m.text.toLowerCase() }, m.text));
}
