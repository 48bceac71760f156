/**
 * Masking of personal data, for what people see (recaps) and for what machines keep (logs,
 * transcripts). Masks follow the style of the Assurance Maladie's own screens:
 * "1 85 ** ** *** *** 18", "a***@o***.fr", "+33 6 ** ** ** 15".
 */

const SEP = '[\\s.\\-]?';
/** NIR or NIA, 13 characters (without key) or 15 (with key), Corsica 2A/2B, separators allowed. */
const NIR_SOURCE = `(?<![\\dA-Za-z])[1-478]${SEP}\\d{2}${SEP}\\d{2}${SEP}(?:\\d{2}|2[AaBb])${SEP}\\d{3}${SEP}\\d{3}(?:${SEP}\\d{2})?(?![\\dA-Za-z])`;
const EMAIL_SOURCE = "[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";
const PHONE_SOURCE = `(?<!\\d)(?:\\+33${SEP}\\(?0?\\)?|0033${SEP}|0)[1-9](?:${SEP}\\d{2}){4}(?!\\d)`;
/** Remaining long runs of digits (codes, serial numbers): six digits or more, separators allowed. */
const DIGIT_RUN_SOURCE = `(?<![\\d*])\\d(?:${SEP}\\d){5,}(?![\\d])`;
/** Mixed letter-and-digit tokens of 8 characters or more (provisional codes, tokens). */
const MIXED_TOKEN_SOURCE = '\\b(?=[A-Za-z0-9]*\\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{8,}\\b';

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

/**
 * Masks every NIR, e-mail address, phone number, long digit run and code-like token in free text.
 * Used on everything that is logged or kept in a transcript.
 */
export function redactText(text: string): string {
  return text
    .replace(new RegExp(EMAIL_SOURCE, 'g'), (m) => maskEmail(m))
    .replace(new RegExp(NIR_SOURCE, 'g'), (m) => maskNir(m))
    .replace(new RegExp(PHONE_SOURCE, 'g'), (m) => maskPhone(m))
    .replace(new RegExp(DIGIT_RUN_SOURCE, 'g'), (m) => m.replace(/\d/g, '*'))
    .replace(new RegExp(MIXED_TOKEN_SOURCE, 'g'), (m) => '*'.repeat(m.length));
}

/** Keys whose values are secrets whatever they look like. */
const SECRET_KEY = /(pass(word)?|secret|token|authorization|cookie|otp|pin|accesscode|provisionalcode|securitycode|onetimecode|apikey)$/i;

/**
 * Deep copy of a log object with secrets replaced and personal data masked in every string.
 * A `code` key is kept when it is a machine code ("config_invalid"), masked when it holds digits.
 */
export function redactValue(value: unknown, key = '', depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') {
    if (key && SECRET_KEY.test(key)) return '[REDACTED]';
    if (/^code$/i.test(key) && /\d/.test(value)) return '[REDACTED]';
    return redactText(value);
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

const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH_NAMES = 'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre';
/** A date of birth as people type it: "22/03/1979", "22-3-79", "22 mars 1979" (one pass, linear). */
const DATE_SOURCE = `(?<!\\d)${DAY}(?:[/.\\- ](?:0?[1-9]|1[0-2])[/.\\- ]|(?:er)?\\s+(?:${MONTH_NAMES})\\s+)(?:19|20)?\\d{2}(?!\\d)`;

/**
 * redactText, and dates too: for free text a person writes to a human (live exchanges with an
 * advisor), where a date is most likely a birth date.
 */
export function redactPersonalText(text: string): string {
  return redactText(text).replace(new RegExp(DATE_SOURCE, 'giu'), (m) => m.replace(/[\p{L}\d]/gu, '*'));
}
