import { describe, expect, it } from 'vitest';
import { maskEmail, maskNir, maskPhone, redactText, redactValue } from '../../../src/shared/redact.js';

describe('masks for people', () => {
  it('masks a NIR keeping sex, year and key', () => {
    expect(maskNir('185057800608436')).toBe('1 85 ** ** *** *** 36');
    expect(maskNir('1 85 05 78 006 084')).toBe('1 85 ** ** *** ***');
  });
  it('masks an e-mail address like the ameli screens', () => {
    expect(maskEmail('ines.martin@orange.fr')).toBe('i***@o***.fr');
  });
  it('masks a mobile number keeping the last two digits', () => {
    expect(maskPhone('06 12 34 56 15')).toBe('+33 6 ** ** ** 15');
    expect(maskPhone('+33712345678')).toBe('+33 7 ** ** ** 78');
  });
});

describe('redaction of free text', () => {
  it('masks a NIR written with spaces, dots or nothing', () => {
    for (const nir of ['185057800608436', '1 85 05 78 006 084 36', '1.85.05.78.006.084.36', '2 85 05 2A 123 456 33']) {
      const out = redactText(`mon numéro est ${nir} merci`);
      expect(out).not.toContain('006');
      expect(out).toContain('** **');
    }
  });
  it('masks e-mails, phones, codes and long digit runs', () => {
    const out = redactText('écrivez à jean.dupont@gmail.com ou au 06 12 34 56 78, code 034567, carte 12345678901, code provisoire 123456789ABC');
    expect(out).not.toMatch(/jean\.dupont|12 34 56|034567|12345678901|123456789ABC/);
  });
  it('leaves ordinary sentences and short numbers alone', () => {
    expect(redactText('le lien est valable 30 minutes, appelez le 3646')).toBe('le lien est valable 30 minutes, appelez le 3646');
  });
});

describe('redaction of log objects', () => {
  it('hides secrets by key and masks strings everywhere', () => {
    const out = redactValue({ password: 'Secret#2026', user: { text: 'nir 185057800608436' }, code: 'config_invalid', otp: 123456 });
    expect(out).toEqual({ password: '[REDACTED]', user: { text: 'nir 1 85 ** ** *** *** 36' }, code: 'config_invalid', otp: '[REDACTED]' });
  });
});
