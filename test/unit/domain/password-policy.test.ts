import { describe, expect, it } from 'vitest';
import { checkAmeliPassword, checkMesIdentifier, checkMesPassword } from '../../../src/domain/password-policy.js';

describe('compte ameli password rule (an uppercase, a lowercase, a digit or a special character)', () => {
  it('accepts a password with a digit or with a special character', () => {
    expect(checkAmeliPassword('Bonjour2026')).toEqual([]);
    expect(checkAmeliPassword('Bonjour!abc')).toEqual([]);
  });
  it('names each rule that fails', () => {
    expect(checkAmeliPassword('bonjourabc')).toEqual(['uppercase', 'digit_or_special']);
    expect(checkAmeliPassword('BONJOUR12')).toEqual(['lowercase']);
    expect(checkAmeliPassword('Ab1')).toEqual(['min_length']);
    expect(checkAmeliPassword('A' + 'b'.repeat(60) + '1')).toEqual(['max_length']);
  });
  it('counts accented letters as letters', () => {
    expect(checkAmeliPassword('Éléphant12')).toEqual([]);
  });
});

describe('Mon espace santé password rule (8 characters, upper, lower, special, digit)', () => {
  it('accepts a password meeting every rule', () => {
    expect(checkMesPassword('Soleil#2026')).toEqual([]);
  });
  it('names every missing rule', () => {
    expect(checkMesPassword('soleil')).toEqual(['min_length', 'uppercase', 'special', 'digit']);
    expect(checkMesPassword('Soleil2026')).toEqual(['special']);
    expect(checkMesPassword('Soleil#abc')).toEqual(['digit']);
  });
});

describe('Mon espace santé identifier (8 characters minimum, not an e-mail address)', () => {
  it('accepts 8 characters or more', () => {
    expect(checkMesIdentifier('marie.dupont')).toEqual([]);
  });
  it('refuses a short identifier and an e-mail address', () => {
    expect(checkMesIdentifier('marie')).toEqual(['min_length']);
    expect(checkMesIdentifier('marie@example.fr')).toEqual(['not_email']);
  });
});
