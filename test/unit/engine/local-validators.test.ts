import { describe, expect, it } from 'vitest';
import { accessCodeValidator, lastNameValidator, mesIdentifierValidator, mesPasswordValidator, passwordValidator } from '../../../src/engine/local-validators.js';

const ctx = { now: new Date('2026-01-15T09:00:00.000Z') };

describe('engine validators', () => {
  it('accepts last names with spaces, hyphens and apostrophes, and refuses digits', () => {
    expect(lastNameValidator("  N'Diaye-Le  Guellec ", ctx)).toEqual({ ok: true, value: "N'Diaye-Le Guellec" });
    expect(lastNameValidator('Dupont2', ctx)).toEqual({ ok: false, reason: 'invalid_characters' });
    expect(lastNameValidator('   ', ctx)).toEqual({ ok: false, reason: 'empty' });
    expect(lastNameValidator('a'.repeat(61), ctx)).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('reads a 6-digit access code typed with spaces and says what is wrong otherwise', () => {
    expect(accessCodeValidator('034 567', ctx)).toEqual({ ok: true, value: '034567' });
    expect(accessCodeValidator('03456', ctx)).toEqual({ ok: false, reason: 'wrong_length', details: { length: 5, expected: 6 } });
    expect(accessCodeValidator('abc', ctx)).toEqual({ ok: false, reason: 'not_digits' });
  });

  it('finds the code in a sentence when it holds one run of digits, and only then', () => {
    expect(accessCodeValidator("le code c'est 123456", ctx)).toEqual({ ok: true, value: '123456' });
    expect(accessCodeValidator('voila : 12 34 56.', ctx)).toEqual({ ok: true, value: '123456' });
    expect(accessCodeValidator('recu a 10h, code 12345', ctx)).toEqual({ ok: false, reason: 'not_digits' });
    expect(accessCodeValidator('le code 12345', ctx)).toEqual({ ok: false, reason: 'wrong_length', details: { length: 5, expected: 6 } });
  });

  it('names every Mon espace santé password rule that fails', () => {
    expect(mesPasswordValidator('Motdepasse', ctx)).toEqual({ ok: false, reason: 'rules', details: { failed: 'special,digit', count: 2 } });
    expect(mesPasswordValidator('motdepasse1!', ctx)).toEqual({ ok: false, reason: 'rules', details: { failed: 'uppercase', count: 1 } });
    expect(mesPasswordValidator('Mot2passe!', ctx)).toEqual({ ok: true, value: 'Mot2passe!' });
  });

  it('refuses an identifier that is an e-mail address or too short', () => {
    expect(mesIdentifierValidator('inaya.m@gmail.com', ctx)).toMatchObject({ ok: false, details: { failed: 'not_email' } });
    expect(mesIdentifierValidator('inaya', ctx)).toMatchObject({ ok: false, details: { failed: 'min_length' } });
    expect(mesIdentifierValidator(' inaya1985 ', ctx)).toEqual({ ok: true, value: 'inaya1985' });
  });

  it('finds the identifier in a sentence when one word alone can be it', () => {
    expect(mesIdentifierValidator("c'est nicolas.petit44", ctx)).toEqual({ ok: true, value: 'nicolas.petit44' });
    expect(mesIdentifierValidator("moi c'est inaya1985", ctx)).toEqual({ ok: true, value: 'inaya1985' });
    // No single word fits: the whole answer is judged.
    expect(mesIdentifierValidator('jean dupont', ctx)).toEqual({ ok: true, value: 'jean dupont' });
  });

  it('takes an existing password as typed', () => {
    expect(passwordValidator(' a b ', ctx)).toEqual({ ok: true, value: ' a b ' });
    expect(passwordValidator('', ctx)).toEqual({ ok: false, reason: 'empty' });
  });
});
