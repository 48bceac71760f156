/**
 * Masking of personal data, for what people see (recaps) and for what machines keep (logs,
 * transcripts). Masks follow the style of the Assurance Maladie's own screens:
 * "1 85 ** ** *** *** 18", "a***@o***.fr", "+33 6 ** ** ** 15".
 */
import { replaceEmails } from './redact-email.js';
import { redactWords } from './redact-words.js';
import { createMemo } from './memo.js';

const SEP = '[\\s.\\-]?';
/** NIR or NIA, 13 characters (without key) or 15 (with key), Corsica 2A/2B, separators allowed. */
const NIR_SOURCE = `(?<![\\dA-Za-z])[1-478]${SEP}\\d{2}${SEP}\\d{2}${SEP}(?:\\d{2}|2[AaBb])${SEP}\\d{3}${SEP}\\d{3}(?:${SEP}\\d{2})?(?![\\dA-Za-z])`;
const PHONE_SOURCE = `(?<!\\d)(?:\\+33${SEP}\\(?0?\\)?|0033${SEP}|0)[1-9](?:${SEP}\\d{2}){4}(?!\\d)`;
/** Remaining long runs of digits (codes, serial numbers): six digits or more, separators allowed. */
const DIGIT_RUN_SOURCE = `(?<![\\d*])\\d(?:${SEP}\\d){5,}(?![\\d])`;
/** Mixed letter-and-digit tokens of 8 characters or more (provisional codes, tokens). */
const MIXED_TOKEN_SOURCE = '\\b(?=[A-Za-z0-9]*\\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{8,}\\b';

const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0?[1-9]|1[0-2])';
const FR_MONTHS = 'janv?(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept?(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?';
const EN_MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
/**
 * Dates with a year, as people type a birth date: 22/03/1979, 22-3-79, 22 03 1979, 1979-03-22,
 * "22 mars 1979", "1er mars 85", "March 22, 1979". A time stamp (1979-03-22T…) is not a birth date.
 * Every part is bounded and each starts at a word boundary: linear time.
 */
const DATE_SOURCES = [
  `(?<![\\d/.\\-])${DAY}([/.\\- ])${MONTH}\\1(?:\\d{4}|\\d{2})(?!\\d)`,
  `(?<![\\d\\-])\\d{4}-${MONTH}-${DAY}(?![\\dT])`,
  `(?<![\\p{L}\\d])(?:1er|${DAY})(?:er)?\\s{1,3}(?:${FR_MONTHS})\\.?\\s{1,3}(?:\\d{4}|\\d{2})(?!\\d)`,
  `(?<![\\p{L}\\d])(?:${EN_MONTHS})\\.?\\s{1,3}${DAY}(?:st|nd|rd|th)?,?\\s{1,3}\\d{4}(?!\\d)`,
];
/** A French postal code (five digits alone); not a port ("…:64001"), a decimal or part of a code. */
const POSTAL_SOURCE = '(?<![\\d\\p{L}*:/.,@#_-])\\d{5}(?![\\d\\p{L}*:/@#_-]|[.,]\\d)';

const NIR_RE = new RegExp(NIR_SOURCE, 'g');
const PHONE_RE = new RegExp(PHONE_SOURCE, 'g');
const DIGIT_RUN_RE = new RegExp(DIGIT_RUN_SOURCE, 'g');
const MIXED_TOKEN_RE = new RegExp(MIXED_TOKEN_SOURCE, 'g');
const DATE_RES = DATE_SOURCES.map((source) => new RegExp(source, 'giu'));
const POSTAL_RE = new RegExp(POSTAL_SOURCE, 'gu');

export function digitsOf(text: string): string {
  return text.replace(/[^0-9AaBb]/g, '').toUpperCase();
}

/** "1 85 05 78 006 084 36" → "1 85 ** ** *** *** 36" (13 characters: no key shown). */
export function maskNir(nir: string): string {
  const c = nir.replace(/[\s.-]/g, '').toUpperCase();
  if (c.length < 13) return '*'.repeat(c.length);
  const head = `${c.slice(0, 1)} ${c.slice(1, 3)} ** ** *** ***`;
  return c.length >= 15 ? `${head} ${c.slice(13, 15)}` : head;
}

/** "ines.martin@orange.fr" → "i***@o***.fr" */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

/** "06 12 34 56 15" or "+33612345615" → "+33 6 ** ** ** 15" */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  const national = d.startsWith('0033') ? d.slice(4) : d.startsWith('33') && d.length === 11 ? d.slice(2) : d.replace(/^0/, '');
  if (national.length !== 9) return '** ** ** ** **';
  return `+33 ${national.slice(0, 1)} ** ** ** ${national.slice(7, 9)}`;
}

/** Every letter and digit of a match becomes a star; its separators stay (22/03/1979 → stars and slashes). */
const starOut = (m: string) => m.replace(/[\p{L}\p{N}]/gu, '*');

/** The date of a time stamp ("2026-01-15" in "2026-01-15T09:00:00Z") is when something happened. */
function isTimeStampDate(run: string, next: string): boolean {
  return next === 'T' && /^\d{4}-\d{2}-\d{2}$/.test(run);
}

/**
 * Masks, in free text, every e-mail address, NIR, phone number, date with a year, long digit run,
 * postal code, code-like token and secret-looking word, and what follows a cue announcing a
 * password or a name (see redact-words.ts). Used on everything that is logged or kept in a
 * transcript. Every step runs in linear time, whatever the input (see test/bench/redaction.ts).
 */
export function redactText(text: string): string {
  let out = replaceEmails(text, maskEmail);
  out = out.replace(NIR_RE, (m) => maskNir(m));
  out = out.replace(PHONE_RE, (m) => maskPhone(m));
  for (const re of DATE_RES) out = out.replace(re, starOut);
  out = out.replace(MIXED_TOKEN_RE, (m) => '*'.repeat(m.length));
  out = out.replace(DIGIT_RUN_RE, (m: string, at: number, whole: string) => (isTimeStampDate(m, whole.charAt(at + m.length)) ? m : m.replace(/\d/g, '*')));
  out = out.replace(POSTAL_RE, '*****');
  return redactWords(out);
}

/**
 * Identifiers (conversation, handoff, request ids) are not personal data and operators search
 * logs by them: only what is unmistakably personal (an e-mail, a NIR, a phone number) is masked,
 * not the random letters and digits that make an id.
 */
export function redactId(id: string): string {
  return replaceEmails(id, maskEmail).replace(NIR_RE, (m) => maskNir(m)).replace(PHONE_RE, (m) => maskPhone(m));
}

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /(pass(word)?|secret|token|authorization|cookie|otp|pin|accesscode|provisionalcode|securitycode|onetimecode|apikey)$/i;
/** Keys whose values are personal data whatever they look like (a name has no shape). */
const PERSONAL_KEY = /^(first|last|family|given|birth|maiden|full|user)name$|^(birthdate|dateofbirth|dob|postalcode|zipcode|address|street|email|phone|mobile|nir|text)$/i;
/** Keys whose values are identifiers, kept readable (see redactId). */
const ID_KEY = /^(conversationId|handoffId|requestId|activityId|replyToId|clientActivityId)$/i;

/**
 * Log fields are mostly the same short words (events, intents, entries, steps): their redaction is
 * remembered. Longer texts, where a message's words could be, are redacted each time.
 */
const SHORT_FIELD = 64;
const redactedFields = createMemo<string>(2000);
function redactShort(text: string): string {
  if (text.length > SHORT_FIELD) return redactText(text);
  let safe = redactedFields.get(text);
  if (safe === undefined) {
    safe = redactText(text);
    redactedFields.set(text, safe);
  }
  return safe;
}

/**
 * Deep copy of a log object with secrets replaced and personal data masked in every string.
 * A `code` key is kept when it is a machine code ("config_invalid"), masked when it holds digits.
 * A `text` field is what a person or the assistant wrote: never logged as is.
 */
export function redactValue(value: unknown, key = '', depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') {
    if (key && SECRET_KEY.test(key)) return '[REDACTED]';
    if (key && PERSONAL_KEY.test(key)) return '[REDACTED]';
    if (key && ID_KEY.test(key)) return redactId(value);
    if (/^code$/i.test(key) && /\d/.test(value)) return '[REDACTED]';
    return redactShort(value);
  }
  if (typeof value === 'number' && key && (SECRET_KEY.test(key) || /^code$/i.test(key))) return '[REDACTED]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, key, depth + 1));
  if (value instanceof Error) {
    return redactValue({ type: value.name, message: value.message, stack: value.stack }, key, depth + 1);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k, depth + 1);
    return out;
  }
  return value;
}

