/**
 * Finds the figures a text states: quantities ("30 minutes", "1 mois et 10 jours", "12 caractères",
 * "5 Mo") and phone numbers ("3646", "09 74 75 36 46"). The consistency checks compare them with
 * the structured facts and with the sources, so that a wrong figure cannot slip into an answer.
 * French and English. Pure functions, no I/O.
 */

export type Unit =
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'year'
  | 'character'
  | 'digit'
  | 'uppercase'
  | 'lowercase'
  | 'special_character'
  | 'megabyte'
  | 'department'
  | 'time_of_day';

export interface Amount {
  value: number;
  unit: Unit;
}

export interface FoundAmount extends Amount {
  /** The words as written, e.g. "d'un mois" → "un mois". */
  raw: string;
  index: number;
}

export interface FoundPhone {
  /** Digits only ("+" kept in front for +33 numbers). */
  digits: string;
  raw: string;
  index: number;
}

const TIME_UNITS: ReadonlySet<Unit> = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);

/** Unit words, longest first within a unit so that "caractère spécial" wins over "caractère". */
const UNIT_PATTERNS: ReadonlyArray<[Unit, string]> = [
  ['special_character', 'caract[eè]res?\\s+sp[ée]cia(?:l|ux)|special\\s+characters?'],
  ['uppercase', 'majuscules?|upper-?case(?:\\s+letters?)?|capital\\s+letters?'],
  ['lowercase', 'minuscules?|lower-?case(?:\\s+letters?)?'],
  ['character', 'caract[eè]res?|characters?'],
  ['digit', '(?:(?:derniers?|premiers?|last|first)\\s+)?(?:chiffres?|digits?)'],
  ['megabyte', 'mo|mb|m[ée]gaoctets?|megabytes?'],
  ['department', 'd[ée]partements?|departments?'],
  ['minute', 'minutes?|mins?|mn'],
  ['hour', 'heures?|hours?|hrs?|h(?![0-9])'],
  ['day', 'jours?|days?'],
  ['week', 'semaines?|weeks?'],
  ['month', 'mois|months?'],
  ['year', 'ans|an|ann[ée]es?|years?'],
];

/** Spelled-out numbers, counted only before a unit of time ("un mois", "six semaines"). */
const WORD_NUMBERS: Readonly<Record<string, number>> = {
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  quinze: 15,
  vingt: 20,
  trente: 30,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};
const WORDS = Object.keys(WORD_NUMBERS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const L = '\\p{L}';
const NUMBER = `(\\d+(?:[.,]\\d+)?|${WORDS})`;
const UNIT_GROUPS = UNIT_PATTERNS.map(([, p]) => `(${p})`).join('|');
// A time of day ("13h30") first, so that it is not read as 13 hours; then a number and its unit.
const AMOUNT_RE = new RegExp(
  `(?<![${L}\\d])(\\d{1,2})h(\\d{2})(?![\\d])|(?<![${L}\\d.,])${NUMBER}\\s*(?:${UNIT_GROUPS})(?![${L}\\d])`,
  'giu',
);

/** Runs of digits with single spaces or dots between groups: "36 46", "0033 974 75 36 46". */
const DIGIT_RUN_RE = /(?<!\d|\d[.,])(\+?\d(?:[ .\u00a0]?\d)+)(?!\d|[.,]\d)/g;

export function findAmounts(text: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  for (const match of text.matchAll(AMOUNT_RE)) {
    const index = match.index;
    if (match[1] !== undefined && match[2] !== undefined) {
      found.push({ value: Number(match[1]) * 60 + Number(match[2]), unit: 'time_of_day', raw: match[0], index });
      continue;
    }
    const numberText = (match[3] ?? '').toLowerCase();
    const unitIndex = UNIT_PATTERNS.findIndex((_, i) => match[4 + i] !== undefined);
    const unit = UNIT_PATTERNS[unitIndex]?.[0];
    if (!unit) continue;
    const isWord = !/^\d/.test(numberText);
    // "un chiffre ou un caractère spécial" states a rule, not a figure: words count for time only.
    if (isWord && !TIME_UNITS.has(unit)) continue;
    // "h" alone after a spelled-out number is not an hour ("une h…" cannot be told apart).
    if (isWord && unit === 'hour' && /h$/i.test(match[0])) continue;
    const value = isWord ? WORD_NUMBERS[numberText] : Number(numberText.replace(',', '.'));
    if (value === undefined || Number.isNaN(value)) continue;
    found.push({ value, unit, raw: match[0], index });
  }
  return found;
}

/**
 * Phone numbers: 4-digit short numbers starting with 3 (3646, 3422), 10-digit national numbers
 * starting with 0, and international ones (0033…, +33…). Other digit runs (years, counts, NIR
 * examples) are not phone numbers.
 */
export function findPhones(text: string): FoundPhone[] {
  const found: FoundPhone[] = [];
  for (const match of text.matchAll(DIGIT_RUN_RE)) {
    const raw = match[1] ?? '';
    const digits = (raw.startsWith('+') ? '+' : '') + raw.replace(/\D/g, '');
    if (isPhoneDigits(digits)) found.push({ digits, raw, index: match.index });
  }
  return found;
}

export function isPhoneDigits(digits: string): boolean {
  return /^3\d{3}$/.test(digits) || /^0[1-9]\d{8}$/.test(digits) || /^0033[1-9]\d{8}$/.test(digits) || /^\+33[1-9]\d{8}$/.test(digits);
}

export function amountKey(amount: Amount): string {
  return `${amount.value}:${amount.unit}`;
}

const UNIT_WORDS_FR: Readonly<Record<Unit, [string, string]>> = {
  minute: ['minute', 'minutes'],
  hour: ['heure', 'heures'],
  day: ['jour', 'jours'],
  week: ['semaine', 'semaines'],
  month: ['mois', 'mois'],
  year: ['an', 'ans'],
  character: ['caractère', 'caractères'],
  digit: ['chiffre', 'chiffres'],
  uppercase: ['majuscule', 'majuscules'],
  lowercase: ['minuscule', 'minuscules'],
  special_character: ['caractère spécial', 'caractères spéciaux'],
  megabyte: ['Mo', 'Mo'],
  department: ['département', 'départements'],
  time_of_day: ['', ''],
};

/** "30 minutes", "1 mois", "13h30": how an amount reads in French, for messages. */
export function describeAmount(amount: Amount): string {
  if (amount.unit === 'time_of_day') {
    const h = Math.floor(amount.value / 60);
    const m = amount.value % 60;
    return `${h}h${String(m).padStart(2, '0')}`;
  }
  const [one, many] = UNIT_WORDS_FR[amount.unit];
  return `${amount.value} ${amount.value > 1 ? many : one}`;
}
