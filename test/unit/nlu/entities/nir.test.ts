import { describe, expect, it } from 'vitest';
import { withKey } from '../../../../src/domain/nir.js';
import { extractNirs, validateNir } from '../../../../src/nlu/entities/nir.js';

const now = { now: new Date('2026-01-15T09:00:00Z') };
const VALID = '185057800608491'; // 1850578006084 + key 91
const CORSICA = withKey('185052A123456');
const NIA = withKey('7850578006084');

describe('validateNir', () => {
  it('accepts a 15-digit NIR whose key matches, and says it carries its key', () => {
    expect(validateNir(VALID, now)).toEqual({ ok: true, value: VALID, details: { kind: 'nir', withKey: true } });
  });

  it('accepts the 13 characters without the key, as the compte ameli login asks', () => {
    expect(validateNir('1850578006084', now)).toEqual({ ok: true, value: '1850578006084', details: { kind: 'nir', withKey: false } });
  });

  it('accepts spaces, dots and dashes between the digits', () => {
    for (const written of ['1 85 05 78 006 084 91', '1.85.05.78.006.084.91', '1-85-05-78-006-084-91', '185 057 800 608 491']) {
      expect(validateNir(written, now)).toMatchObject({ ok: true, value: VALID });
    }
  });

  it('reads the number inside a short sentence', () => {
    expect(validateNir('mon numéro : 1 85 05 78 006 084 91', now)).toMatchObject({ ok: true, value: VALID });
  });

  it('accepts Corsica 2A/2B in lower or upper case, with the key computed on 19/18', () => {
    expect(validateNir(CORSICA, now)).toMatchObject({ ok: true, value: CORSICA });
    expect(validateNir(CORSICA.replace('2A', '2a'), now)).toMatchObject({ ok: true, value: CORSICA });
    expect(validateNir(withKey('185052B123456'), now)).toMatchObject({ ok: true });
  });

  it('recognises a provisional number (NIA, 7 or 8) with details.kind', () => {
    expect(validateNir(NIA, now)).toEqual({ ok: true, value: NIA, details: { kind: 'nia', withKey: true } });
    expect(validateNir(withKey('8850578006084'), now)).toMatchObject({ ok: true, details: { kind: 'nia' } });
  });

  it('reports a NIR-shaped value with a wrong key as key_mismatch', () => {
    expect(validateNir('185057800608492', now)).toEqual({ ok: false, reason: 'key_mismatch', details: { kind: 'nir' } });
    // The INS illustration of source 001: a realistic number whose key does not match.
    expect(validateNir('2 80 01 75 056 016 18', now)).toMatchObject({ ok: false, reason: 'key_mismatch' });
  });

  it('says one digit is missing for 14 digits', () => {
    expect(validateNir('18505780060849', now)).toEqual({ ok: false, reason: 'too_short', details: { missing: 1 } });
  });

  it('counts the missing digits below 13, and the extra ones above 15', () => {
    expect(validateNir('185057800608', now)).toEqual({ ok: false, reason: 'too_short', details: { missing: 1 } });
    expect(validateNir('18505', now)).toEqual({ ok: false, reason: 'too_short', details: { missing: 8 } });
    expect(validateNir('18505780060849100', now)).toEqual({ ok: false, reason: 'too_long', details: { extra: 2 } });
  });

  it('asks for the 2 key digits when the key is required', () => {
    expect(validateNir('1850578006084', now, { key: 'required' })).toEqual({ ok: false, reason: 'too_short', details: { missing: 2 } });
    expect(validateNir(VALID, now, { key: 'required' })).toMatchObject({ ok: true });
  });

  it('rejects a first digit that is neither a sex nor a NIA code', () => {
    expect(validateNir(withKey('5850578006084'), now)).toMatchObject({ ok: false, reason: 'invalid_sex' });
  });

  it('rejects a month that never exists (00, 13–19), and accepts the 20–42 and 50–99 codes of unknown months', () => {
    expect(validateNir(withKey('1850078006084'), now)).toMatchObject({ ok: false, reason: 'invalid_month' });
    expect(validateNir(withKey('1851378006084'), now)).toMatchObject({ ok: false, reason: 'invalid_month' });
    expect(validateNir(withKey('1853078006084'), now)).toMatchObject({ ok: true });
  });

  it('rejects département 00', () => {
    expect(validateNir(withKey('1850500006084'), now)).toMatchObject({ ok: false, reason: 'invalid_departement' });
  });

  it('says empty for an empty answer and not_a_nir for words or misplaced letters', () => {
    expect(validateNir('   ', now)).toEqual({ ok: false, reason: 'empty' });
    expect(validateNir('je ne sais pas', now)).toEqual({ ok: false, reason: 'not_a_nir' });
    expect(validateNir('18505A8006084', now)).toEqual({ ok: false, reason: 'not_a_nir' });
  });
});

describe('extractNirs', () => {
  it('finds a NIR in free text with its position and a compact value', () => {
    const text = 'voici mon numéro 1 85 05 78 006 084 91 merci';
    const [nir] = extractNirs(text);
    expect(nir).toMatchObject({ type: 'nir', value: VALID, valid: true });
    expect(text.slice(nir!.start, nir!.end)).toBe('1 85 05 78 006 084 91');
  });

  it('stops at the NIR when a date follows it after a space ("185057800608491 12/03/1985")', () => {
    const text = '185057800608491 12/03/1985';
    const [nir] = extractNirs(text);
    expect(nir).toMatchObject({ type: 'nir', value: VALID, valid: true });
    expect(text.slice(nir!.start, nir!.end)).toBe('185057800608491');
    expect(extractNirs('1 85 05 78 006 084 91 12/03/1985')).toMatchObject([{ value: VALID, valid: true }]);
  });

  it('reports a wrong key so that the dialog can say the key does not match', () => {
    expect(extractNirs('185057800608492')).toEqual([{ type: 'nir', value: '185057800608492', start: 0, end: 15, valid: false, reason: 'key_mismatch' }]);
  });

  it('reports 14 digits as a NIR with one digit missing', () => {
    expect(extractNirs('mon nir 18505780060849')).toMatchObject([{ type: 'nir', valid: false, reason: 'too_short' }]);
  });

  it('does not take a phone number or a date for a NIR', () => {
    expect(extractNirs('06 12 34 56 78')).toEqual([]);
    expect(extractNirs('né le 12/03/1985')).toEqual([]);
  });
});
