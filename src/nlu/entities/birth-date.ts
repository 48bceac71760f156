/**
 * Date of birth, as people type it: 12/03/1985, 12-3-85, 12.03.1985, 12031985, 1985-03-12,
 * "12 mars 1985", "1er mars 85", "March 12, 1985". The value is ISO (1985-03-12). Two-digit years
 * are read as the most recent past year (85 → 1985, 05 → 2005 when today is 2026).
 */
import type { Entity, Validation, ValidationContext } from '../types.js';
import { entityFrom, fail, ok } from './shared.js';
import { stripAccents } from '../../shared/fold.js';

/** Nobody registered is older; an older date is a typo (1895 for 1985). */
export const MAX_AGE_YEARS = 120;

const MONTHS: Record<string, number> = {
  janvier: 1, janv: 1, jan: 1, january: 1,
  fevrier: 2, fevr: 2, fev: 2, february: 2, feb: 2,
  mars: 3, mar: 3, march: 3,
  avril: 4, avr: 4, april: 4, apr: 4,
  mai: 5, may: 5,
  juin: 6, june: 6, jun: 6,
  juillet: 7, juil: 7, july: 7, jul: 7,
  aout: 8, august: 8, aug: 8,
  septembre: 9, sept: 9, sep: 9, september: 9,
  octobre: 10, oct: 10, october: 10,
  novembre: 11, nov: 11, november: 11,
  decembre: 12, dec: 12, december: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

/** Lower case and no accents, one character for one, so that positions stay those of the input. */
function foldSameLength(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const folded = stripAccents(ch).toLowerCase();
    out += folded.length === ch.length ? folded : ch;
  }
  return out;
}

const NUMERIC = /(?<![0-9])([0-9]{1,2})\s?[-/.]\s?([0-9]{1,2})\s?[-/.]\s?([0-9]{4}|[0-9]{2})(?![0-9])/g;
const ISO = /(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])/g;
const TEXTUAL = new RegExp(`(?<![a-z0-9])(1er|[0-9]{1,2})(?:er)?\\s+(${MONTH_NAMES})\\.?\\s+([0-9]{4}|[0-9]{2})(?![0-9])`, 'g');
const TEXTUAL_EN = new RegExp(`(?<![a-z0-9])(${MONTH_NAMES})\\.?\\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\\s+([0-9]{4})(?![0-9])`, 'g');
const COMPACT = /^([0-9]{2})([0-9]{2})([0-9]{4})$/;

/** Days written in words ("le neuf septembre 1990", "le premier mars"); hyphens or spaces inside. */
const UNITS = ['un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'];
const DAY_WORDS: Record<string, number> = {
  premier: 1,
  ...Object.fromEntries(UNITS.map((w, i) => [w, i + 1])),
  dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16,
  'dix sept': 17, 'dix huit': 18, 'dix neuf': 19, vingt: 20, 'vingt et un': 21,
  ...Object.fromEntries(UNITS.slice(1).map((w, i) => [`vingt ${w}`, i + 22])),
  trente: 30, 'trente et un': 31,
};
const DAY_NAMES = Object.keys(DAY_WORDS).sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '[\\s-]')).join('|');
const TEXTUAL_WORDS = new RegExp(`(?<![a-z0-9])(${DAY_NAMES})\\s+(${MONTH_NAMES})\\.?\\s+([0-9]{4}|[0-9]{2})(?![0-9])`, 'g');
const dayOf = (words: string): number => DAY_WORDS[words.replace(/[\s-]+/g, ' ')] ?? 0;

interface RawDate {
  day: number;
  month: number;
  year: number;
  twoDigitYear: boolean;
  start: number;
  end: number;
  text: string;
}

/**
 * Numeric dates, where a run of digits before a date does not hide it: in "… 234 45 / 22.03.1979"
 * the first match "45 / 22.03" is no date (day 45, month 22), so the search goes on one character
 * after its start and finds 22.03.1979. Such an impossible match is kept (reported invalid) only
 * when no real date overlaps it. Each restart moves one character on: linear in the text.
 */
function numericDates(folded: string): RegExpMatchArray[] {
  const pattern = new RegExp(NUMERIC.source, 'g');
  const found: RegExpMatchArray[] = [];
  const impossible: RegExpMatchArray[] = [];
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(folded)) !== null) {
    if (Number(m[1]) > 31 || Number(m[2]) > 12) {
      impossible.push(m);
      pattern.lastIndex = m.index + 1;
    } else {
      found.push(m);
    }
  }
  const end = (x: RegExpMatchArray) => (x.index ?? 0) + x[0].length;
  const overlaps = (a: RegExpMatchArray, b: RegExpMatchArray) => (a.index ?? 0) < end(b) && (b.index ?? 0) < end(a);
  const kept = impossible.filter((x) => !found.some((f) => overlaps(x, f)) && !impossible.some((y) => y !== x && overlaps(x, y) && (y.index ?? 0) < (x.index ?? 0)));
  return [...found, ...kept];
}

function findDates(text: string): RawDate[] {
  const folded = foldSameLength(text);
  const out: RawDate[] = [];
  const push = (m: RegExpMatchArray, day: string, month: number, year: string) => {
    const index = m.index ?? 0;
    out.push({
      day: day === '1er' ? 1 : Number(day),
      month,
      year: Number(year),
      twoDigitYear: year.length === 2,
      start: index,
      end: index + m[0].length,
      text: text.slice(index, index + m[0].length),
    });
  };
  for (const m of numericDates(folded)) push(m, m[1] as string, Number(m[2]), m[3] as string);
  for (const m of folded.matchAll(ISO)) push(m, m[3] as string, Number(m[2]), m[1] as string);
  for (const m of folded.matchAll(TEXTUAL)) push(m, m[1] as string, MONTHS[m[2] as string] ?? 0, m[3] as string);
  for (const m of folded.matchAll(TEXTUAL_EN)) push(m, m[2] as string, MONTHS[m[1] as string] ?? 0, m[3] as string);
  for (const m of folded.matchAll(TEXTUAL_WORDS)) push(m, String(dayOf(m[1] as string)), MONTHS[m[2] as string] ?? 0, m[3] as string);
  return out.sort((a, b) => a.start - b.start);
}

function check(raw: RawDate, now: Date): Validation {
  const today = { y: now.getUTCFullYear(), m: now.getUTCMonth() + 1, d: now.getUTCDate() };
  let year = raw.year;
  if (raw.twoDigitYear) year = 2000 + year <= today.y ? 2000 + year : 1900 + year;
  const { day, month } = raw;
  if (month < 1 || month > 12 || day < 1) return fail('invalid_date');
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return fail('invalid_date', { day, month, daysInMonth });
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const todayIso = `${today.y}-${String(today.m).padStart(2, '0')}-${String(today.d).padStart(2, '0')}`;
  if (iso > todayIso) return fail('future');
  let age = today.y - year;
  if (today.m < month || (today.m === month && today.d < day)) age -= 1;
  if (age > MAX_AGE_YEARS) return fail('too_old', { maxAge: MAX_AGE_YEARS });
  return ok(iso, { age });
}

export function validateBirthDate(text: string, context: ValidationContext): Validation {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty');
  const compact = COMPACT.exec(trimmed.replace(/\s/g, ''));
  if (compact) {
    return check({ day: Number(compact[1]), month: Number(compact[2]), year: Number(compact[3]), twoDigitYear: false, start: 0, end: trimmed.length, text: trimmed }, context.now);
  }
  const found = findDates(text);
  const first = found[0];
  if (!first) return fail('not_a_date');
  return check(first, context.now);
}

/** Dates in free text, valid or not (31/02/1990 is reported with reason invalid_date). */
export function extractBirthDates(text: string, context: ValidationContext): Entity[] {
  return findDates(text).map((raw) => entityFrom('birth_date', raw.start, raw.end, check(raw, context.now), raw.text));
}
