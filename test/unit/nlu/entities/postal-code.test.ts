import { describe, expect, it } from 'vitest';
import { departementOfPostalCode, extractDepartements, extractPostalCodes, validateDepartement, validatePostalCode } from '../../../../src/nlu/entities/postal-code.js';

describe('postal codes and départements', () => {
  it('gives the département of a postal code', () => {
    expect(validatePostalCode('75001')).toEqual({ ok: true, value: '75001', details: { departement: '75' } });
    expect(validatePostalCode('01000')).toMatchObject({ ok: true, details: { departement: '01' } });
    expect(validatePostalCode('44480')).toMatchObject({ details: { departement: '44' } });
    expect(validatePostalCode('mon code postal est 69 100')).toMatchObject({ ok: true, value: '69100' });
  });

  it('tells Corse-du-Sud (200xx–201xx) from Haute-Corse (202xx–206xx)', () => {
    expect(departementOfPostalCode('20000')).toBe('2A');
    expect(departementOfPostalCode('20167')).toBe('2A');
    expect(departementOfPostalCode('20200')).toBe('2B');
    expect(departementOfPostalCode('20600')).toBe('2B');
  });

  it('gives the three-digit département overseas (971–976)', () => {
    expect(departementOfPostalCode('97110')).toBe('971');
    expect(departementOfPostalCode('97400')).toBe('974');
    expect(departementOfPostalCode('97600')).toBe('976');
    expect(departementOfPostalCode('97133')).toBe('971');
  });

  it('refuses codes of no département of the Assurance Maladie (00, 96, Monaco, the Pacific)', () => {
    expect(validatePostalCode('00100')).toEqual({ ok: false, reason: 'unknown_departement', details: { postalCode: '00100' } });
    expect(validatePostalCode('98000')).toMatchObject({ ok: false, reason: 'unknown_departement' });
    expect(validatePostalCode('98800')).toMatchObject({ ok: false, reason: 'unknown_departement' });
    expect(validatePostalCode('97700')).toMatchObject({ ok: false, reason: 'unknown_departement' });
    expect(validatePostalCode('96000')).toMatchObject({ ok: false, reason: 'unknown_departement' });
  });

  it('says not_a_postal_code for the wrong number of digits, and empty for nothing', () => {
    expect(validatePostalCode('7500')).toEqual({ ok: false, reason: 'not_a_postal_code' });
    expect(validatePostalCode('750011')).toEqual({ ok: false, reason: 'not_a_postal_code' });
    expect(validatePostalCode('Paris')).toEqual({ ok: false, reason: 'not_a_postal_code' });
    expect(validatePostalCode(' ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('validates a département code, Corsica and overseas included', () => {
    expect(validateDepartement('75')).toEqual({ ok: true, value: '75' });
    expect(validateDepartement('5')).toEqual({ ok: true, value: '05' });
    expect(validateDepartement('2a')).toEqual({ ok: true, value: '2A' });
    expect(validateDepartement('2B')).toEqual({ ok: true, value: '2B' });
    expect(validateDepartement('971')).toEqual({ ok: true, value: '971' });
    expect(validateDepartement('20')).toMatchObject({ ok: false, reason: 'unknown_departement' });
    expect(validateDepartement('96')).toMatchObject({ ok: false, reason: 'unknown_departement' });
    expect(validateDepartement('977')).toMatchObject({ ok: false, reason: 'unknown_departement' });
    expect(validateDepartement('Loire')).toEqual({ ok: false, reason: 'not_a_departement' });
    expect(validateDepartement('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('finds postal codes in free text, and départements only after a cue word', () => {
    expect(extractPostalCodes('j\'habite au 42000 Saint-Étienne')).toMatchObject([{ type: 'postal_code', value: '42000', valid: true }]);
    expect(extractDepartements('je suis dans le 93')).toMatchObject([{ type: 'departement', value: '93', valid: true }]);
    expect(extractDepartements('département 2A')).toMatchObject([{ value: '2A' }]);
    expect(extractDepartements('j\'ai 93 ans')).toEqual([]);
  });
});
