import { describe, expect, it } from 'vitest';
import { compactNir, formatNir, isValidNir, nirKey, nirKind, withKey } from '../../../src/domain/nir.js';

describe('NIR key', () => {
  it('is 97 minus the 13-digit number modulo 97', () => {
    // 1850578006084 mod 97 = 6 → key 91
    expect(nirKey('1850578006084')).toBe('91');
    expect(Number(nirKey('1850578006084'))).toBe(97 - Number(1850578006084n % 97n));
  });

  it('counts Corsica 2A as 19 and 2B as 18', () => {
    expect(nirKey('185052A123456')).toBe(nirKey('1850519123456'));
    expect(nirKey('185052B123456')).toBe(nirKey('1850518123456'));
    expect(nirKey('185052A123456')).not.toBe(nirKey('185052B123456'));
  });

  it('pads a one-digit key with a zero', () => {
    // find a body whose key is below 10 and check the format
    const body = '1851278006084';
    expect(nirKey(body)).toMatch(/^\d{2}$/);
    expect(nirKey(body)).toBe('09');
  });

  it('accepts separators and lower-case corsican letters', () => {
    expect(compactNir('1 85 05 2a 123 456')).toBe('185052A123456');
    expect(isValidNir(withKey('1 85 05 2a 123 456'))).toBe(true);
  });

  it('rejects a NIR whose key does not match, like the INS example of the sources', () => {
    // source 001: "Matricule INS : 2 80 01 75 056 016 18" (an illustration; its key would be 35)
    expect(isValidNir('2 80 01 75 056 016 18')).toBe(false);
    expect(isValidNir('2 80 01 75 056 016 35')).toBe(true);
  });

  it('rejects the wrong length or a first digit that is not a sex or NIA code', () => {
    expect(isValidNir('18505780060843')).toBe(false);
    expect(isValidNir('5850578006084' + nirKey('1850578006084'))).toBe(false);
  });

  it('tells a provisional number (NIA, 7 or 8) from a NIR', () => {
    expect(nirKind('7850578006084')).toBe('nia');
    expect(nirKind('8850578006084')).toBe('nia');
    expect(nirKind('2850578006084')).toBe('nir');
    expect(isValidNir(withKey('7850578006084'))).toBe(true);
  });

  it('formats by groups as printed on the carte Vitale', () => {
    expect(formatNir('185057800608491')).toBe('1 85 05 78 006 084 91');
  });
});
