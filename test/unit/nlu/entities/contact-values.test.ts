import { describe, expect, it } from 'vitest';
import { extractEmails, validateEmail } from '../../../../src/nlu/entities/email.js';
import { extractPhones, validatePhone } from '../../../../src/nlu/entities/phone.js';

describe('validateEmail', () => {
  it('accepts an address and lower-cases it', () => {
    expect(validateEmail('Ines.Martin@Orange.fr')).toEqual({ ok: true, value: 'ines.martin@orange.fr' });
    expect(validateEmail('a.b+ameli@mail.example.co.uk')).toMatchObject({ ok: true });
  });

  it('reads the address inside a short sentence', () => {
    expect(validateEmail('mon mail : jean-paul@free.fr.')).toEqual({ ok: true, value: 'jean-paul@free.fr' });
  });

  it('refuses what is not an address', () => {
    for (const bad of ['jean.dupont', 'jean@', '@free.fr', 'jean@free', 'jean dupont@free.fr@', 'jean..dupont@free.fr', 'a@b.fr ou c@d.fr']) {
      expect(validateEmail(bad), bad).toEqual({ ok: false, reason: 'not_an_email' });
    }
    expect(validateEmail('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('finds addresses in free text', () => {
    const text = 'écrivez à ines@orange.fr svp';
    const [email] = extractEmails(text);
    expect(email).toMatchObject({ type: 'email', value: 'ines@orange.fr', valid: true });
    expect(text.slice(email!.start, email!.end)).toBe('ines@orange.fr');
  });
});

describe('validatePhone', () => {
  it('accepts French mobiles written in every usual way, as E.164', () => {
    for (const written of ['06 12 34 56 78', '0612345678', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '+33612345678', '+33 (0)6 12 34 56 78', '0033 6 12 34 56 78']) {
      expect(validatePhone(written), written).toEqual({ ok: true, value: '+33612345678' });
    }
    expect(validatePhone('07 98 76 54 32')).toEqual({ ok: true, value: '+33798765432' });
  });

  it('refuses a landline with details.landline', () => {
    expect(validatePhone('01 23 45 67 89')).toEqual({ ok: false, reason: 'not_a_mobile', details: { landline: true } });
    expect(validatePhone('09 74 75 36 46')).toMatchObject({ ok: false, details: { landline: true } });
  });

  it('refuses the wrong number of digits and words', () => {
    expect(validatePhone('06 12 34 56')).toMatchObject({ ok: false, reason: 'not_a_mobile', details: { digits: 8 } });
    expect(validatePhone('06 12 34 56 78 9')).toMatchObject({ ok: false, reason: 'not_a_mobile' });
    expect(validatePhone('3646')).toMatchObject({ ok: false, reason: 'not_a_mobile' });
    expect(validatePhone('mon portable')).toMatchObject({ ok: false, reason: 'not_a_mobile' });
    expect(validatePhone('')).toEqual({ ok: false, reason: 'empty' });
  });

  it('finds phone numbers in free text', () => {
    expect(extractPhones('rappelez moi au 06 12 34 56 78 merci')).toMatchObject([{ type: 'phone', value: '+33612345678', valid: true }]);
    expect(extractPhones('le 01 23 45 67 89')).toMatchObject([{ type: 'phone', valid: false, reason: 'not_a_mobile' }]);
  });
});
