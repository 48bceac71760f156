import { describe, expect, it } from 'vitest';
import { extractBirthDates, validateBirthDate } from '../../../../src/nlu/entities/birth-date.js';

const context = { now: new Date('2026-01-15T09:00:00Z') };

describe('validateBirthDate', () => {
  it('reads JJ/MM/AAAA as an ISO date and gives the age', () => {
    expect(validateBirthDate('12/03/1985', context)).toEqual({ ok: true, value: '1985-03-12', details: { age: 40 } });
  });

  it('reads J/M/AA, dashes, dots and spaces', () => {
    expect(validateBirthDate('1/3/85', context)).toMatchObject({ ok: true, value: '1985-03-01' });
    expect(validateBirthDate('12-03-1985', context)).toMatchObject({ ok: true, value: '1985-03-12' });
    expect(validateBirthDate('12.03.1985', context)).toMatchObject({ ok: true, value: '1985-03-12' });
    expect(validateBirthDate('12 / 03 / 1985', context)).toMatchObject({ ok: true, value: '1985-03-12' });
  });

  it('reads a two-digit year as the most recent past year', () => {
    expect(validateBirthDate('12/03/85', context)).toMatchObject({ value: '1985-03-12' });
    expect(validateBirthDate('12/03/05', context)).toMatchObject({ value: '2005-03-12' });
    expect(validateBirthDate('12/03/26', context)).toMatchObject({ ok: false, reason: 'future' });
    expect(validateBirthDate('01/01/26', context)).toMatchObject({ ok: true, value: '2026-01-01' });
  });

  it('reads the month in words, with or without accents, and "1er"', () => {
    expect(validateBirthDate('12 mars 1985', context)).toMatchObject({ value: '1985-03-12' });
    expect(validateBirthDate('3 février 1990', context)).toMatchObject({ value: '1990-02-03' });
    expect(validateBirthDate('3 fevrier 90', context)).toMatchObject({ value: '1990-02-03' });
    expect(validateBirthDate('1er août 2001', context)).toMatchObject({ value: '2001-08-01' });
    expect(validateBirthDate('je suis né le 25 DÉCEMBRE 1970', context)).toMatchObject({ value: '1970-12-25' });
    expect(validateBirthDate('March 12, 1985', context)).toMatchObject({ value: '1985-03-12' });
  });

  it('reads the day in words too ("le neuf septembre 1990", "premier", "vingt-deux", "trente et un")', () => {
    expect(validateBirthDate('le neuf septembre 1990', context)).toMatchObject({ value: '1990-09-09' });
    expect(validateBirthDate('le premier mars 1985', context)).toMatchObject({ value: '1985-03-01' });
    expect(validateBirthDate('né le vingt-deux mars 1979', context)).toMatchObject({ value: '1979-03-22' });
    expect(validateBirthDate('dix sept mai 1990', context)).toMatchObject({ value: '1990-05-17' });
    expect(validateBirthDate('trente et un décembre 1980', context)).toMatchObject({ value: '1980-12-31' });
    expect(validateBirthDate('trente et un février 1980', context)).toMatchObject({ ok: false, reason: 'invalid_date' });
  });

  it('reads eight digits and ISO dates', () => {
    expect(validateBirthDate('12031985', context)).toMatchObject({ value: '1985-03-12' });
    expect(validateBirthDate('1985-03-12', context)).toMatchObject({ value: '1985-03-12' });
  });

  it('rejects a day that the month does not have (31/02, 29/02 outside leap years)', () => {
    expect(validateBirthDate('31/02/1990', context)).toMatchObject({ ok: false, reason: 'invalid_date' });
    expect(validateBirthDate('29/02/1990', context)).toMatchObject({ ok: false, reason: 'invalid_date' });
    expect(validateBirthDate('29/02/1992', context)).toMatchObject({ ok: true, value: '1992-02-29' });
    expect(validateBirthDate('12/13/1990', context)).toMatchObject({ ok: false, reason: 'invalid_date' });
    expect(validateBirthDate('00/01/1990', context)).toMatchObject({ ok: false, reason: 'invalid_date' });
  });

  it('rejects a date after today, with the injected clock', () => {
    expect(validateBirthDate('16/01/2026', context)).toEqual({ ok: false, reason: 'future' });
    expect(validateBirthDate('15/01/2026', context)).toMatchObject({ ok: true, details: { age: 0 } });
  });

  it('rejects a date more than 120 years ago', () => {
    expect(validateBirthDate('14/01/1905', context)).toEqual({ ok: false, reason: 'too_old', details: { maxAge: 120 } });
    expect(validateBirthDate('14/01/1906', context)).toMatchObject({ ok: true, details: { age: 120 } });
    expect(validateBirthDate('16/01/1906', context)).toMatchObject({ ok: true, details: { age: 119 } });
  });

  it('says empty or not_a_date when there is no date', () => {
    expect(validateBirthDate('', context)).toEqual({ ok: false, reason: 'empty' });
    expect(validateBirthDate('je ne sais plus', context)).toEqual({ ok: false, reason: 'not_a_date' });
    expect(validateBirthDate('1985', context)).toEqual({ ok: false, reason: 'not_a_date' });
  });
});

describe('extractBirthDates', () => {
  it('finds dates in free text with their position and validity', () => {
    const text = 'né le 12 mars 1985, pas le 31/02/1990';
    const found = extractBirthDates(text, context);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ type: 'birth_date', value: '1985-03-12', valid: true });
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('12 mars 1985');
    expect(found[1]).toMatchObject({ valid: false, reason: 'invalid_date', value: '31/02/1990' });
  });

  it('finds the date after a run of digits that looks like one ("… 234 45 / 22.03.1979")', () => {
    const text = '1 79 03 75 056 234 45 / 22.03.1979';
    const found = extractBirthDates(text, context);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ value: '1979-03-22', valid: true });
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('22.03.1979');
  });

  it('still reports an impossible date when no real one overlaps it', () => {
    expect(extractBirthDates('32/01/1990', context)).toEqual([expect.objectContaining({ valid: false, reason: 'invalid_date', value: '32/01/1990' })]);
    expect(extractBirthDates('né le 45/22/03', context)).toHaveLength(1);
  });
});
