import { describe, expect, it } from 'vitest';
import { extractProvisionalCodes, validateProvisionalCode } from '../../../../src/nlu/entities/provisional-code.js';
import { extractVitaleSerials, validateVitaleSerial } from '../../../../src/nlu/entities/vitale-serial.js';

describe('validateProvisionalCode', () => {
  it('accepts the 12 characters of the letter, in upper case', () => {
    expect(validateProvisionalCode('123456789ABC')).toEqual({ ok: true, value: '123456789ABC' });
    expect(validateProvisionalCode('123456789abc')).toEqual({ ok: true, value: '123456789ABC' });
  });

  it('accepts groups separated by spaces or dashes, and a short sentence around it', () => {
    expect(validateProvisionalCode('1234 5678 9ABC')).toEqual({ ok: true, value: '123456789ABC' });
    expect(validateProvisionalCode('1234-5678-9abc')).toEqual({ ok: true, value: '123456789ABC' });
    expect(validateProvisionalCode('mon code est 123456789ABC')).toEqual({ ok: true, value: '123456789ABC' });
  });

  it('says how many characters there are when the length is wrong', () => {
    expect(validateProvisionalCode('123456789AB')).toEqual({ ok: false, reason: 'wrong_length', details: { length: 11, expected: 12 } });
    expect(validateProvisionalCode('123456789ABCD')).toEqual({ ok: false, reason: 'wrong_length', details: { length: 13, expected: 12 } });
  });

  it('refuses characters other than letters and digits', () => {
    expect(validateProvisionalCode('123456789AB!')).toEqual({ ok: false, reason: 'invalid_characters' });
    expect(validateProvisionalCode('12345678éABC')).toEqual({ ok: false, reason: 'invalid_characters' });
    expect(validateProvisionalCode('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('finds a mixed letters-and-digits code in free text, not an ordinary word', () => {
    expect(extractProvisionalCodes('voici le code 1A2B3C4D5E6F')).toMatchObject([{ type: 'provisional_code', value: '1A2B3C4D5E6F', valid: true }]);
    expect(extractProvisionalCodes('administratif')).toEqual([]);
  });
});

describe('validateVitaleSerial', () => {
  it('accepts the 11 digits asked by Mon espace santé, with separators', () => {
    expect(validateVitaleSerial('12345678901')).toEqual({ ok: true, value: '12345678901' });
    expect(validateVitaleSerial('123 456 789 01')).toEqual({ ok: true, value: '12345678901' });
    expect(validateVitaleSerial('le numéro est 123.456.789.01')).toEqual({ ok: true, value: '12345678901' });
  });

  it('refuses another number of digits, saying how many were given', () => {
    expect(validateVitaleSerial('1234567890')).toEqual({ ok: false, reason: 'wrong_length', details: { length: 10, expected: 11 } });
    // A NIR typed in the wrong field is refused, not cut to its last 11 digits.
    expect(validateVitaleSerial('185057800608491')).toEqual({ ok: false, reason: 'wrong_length', details: { length: 15, expected: 11 } });
  });

  it('refuses letters inside the number', () => {
    expect(validateVitaleSerial('12345A78901')).toEqual({ ok: false, reason: 'not_digits' });
    expect(validateVitaleSerial('je sais pas')).toEqual({ ok: false, reason: 'not_digits' });
    expect(validateVitaleSerial('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('finds 11 digits in free text', () => {
    expect(extractVitaleSerials('série 12345678901')).toMatchObject([{ type: 'vitale_serial', value: '12345678901', valid: true }]);
    expect(extractVitaleSerials('1234567890')).toEqual([]);
  });
});
