import type { Entity, EntityType, ValidationContext } from '../types.js';
import { answerEntities, type AnswerMatcher, type AnswerReading } from './answers.js';
import { extractBirthDates } from './birth-date.js';
import { extractEmails } from './email.js';
import { extractNirs } from './nir.js';
import { extractPhones } from './phone.js';
import { extractDepartements, extractPostalCodes } from './postal-code.js';
import { extractProvisionalCodes } from './provisional-code.js';
import { extractVitaleSerials } from './vitale-serial.js';

/**
 * When two candidates overlap, the one earlier in this list wins: an e-mail address can hold
 * digits, a NIR holds a date-like run, a phone number is 10 digits that could start a serial.
 */
export const ENTITY_PRIORITY: readonly EntityType[] = [
  'email',
  'nir',
  'phone',
  'birth_date',
  'vitale_serial',
  'provisional_code',
  'postal_code',
  'departement',
  'card_type',
  'email_or_sms',
  'yes_no',
];

export interface ExtractOptions extends ValidationContext {
  answers?: { matcher: AnswerMatcher; reading: AnswerReading; anywhere: boolean };
}

/** The structured values (numbers, dates, codes) of a text, without the short answers. */
export function extractValueEntities(text: string, context: ValidationContext): Entity[] {
  // Every value below holds a digit, or an @ for an e-mail: most messages have neither.
  const hasDigit = /[0-9]/.test(text);
  if (!hasDigit) return text.includes('@') ? extractEmails(text) : [];
  return [
    ...extractEmails(text),
    ...extractNirs(text),
    ...extractPhones(text),
    ...extractBirthDates(text, context),
    ...extractVitaleSerials(text),
    ...extractProvisionalCodes(text),
    ...extractPostalCodes(text),
    ...extractDepartements(text),
  ];
}

/**
 * Keeps, among overlapping candidates, the one of highest priority; the result is in text order.
 * The characters already taken are marked once each, so that a text full of candidates (a long run
 * of "1 1 1 …") costs the length of the candidates, not the square of their number.
 */
export function resolveOverlaps(candidates: Entity[]): Entity[] {
  const rank = (e: Entity) => ENTITY_PRIORITY.indexOf(e.type);
  const kept: Entity[] = [];
  const end = candidates.reduce((max, c) => Math.max(max, c.end), 0);
  const taken = new Uint8Array(end);
  for (const candidate of [...candidates].sort((a, b) => rank(a) - rank(b) || a.start - b.start)) {
    let free = true;
    for (let i = candidate.start; i < candidate.end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function extractEntities(text: string, options: ExtractOptions): Entity[] {
  const values = extractValueEntities(text, options);
  const answers = options.answers ? answerEntities(options.answers.matcher, options.answers.reading, { anywhere: options.answers.anywhere }) : [];
  return resolveOverlaps([...values, ...answers]);
}
