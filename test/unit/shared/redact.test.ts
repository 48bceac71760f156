import { describe, expect, it } from 'vitest';
import { maskEmail, maskNir, maskPhone, redactId, redactText, redactValue } from '../../../src/shared/redact.js';

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
  it('finds e-mail addresses as before: in sentences, with sub-domains, next to punctuation', () => {
    expect(redactText('mail: ines.martin@orange.fr.')).toBe('mail: i***@o***.fr.');
    expect(redactText('(a.b-c@mail.sub.example.fr)')).toBe('(a***@m***.fr)');
    expect(redactText("o'neil+x@exemple.com, puis")).toBe('o***@e***.com, puis');
    expect(redactText('a@b@c.fr')).toBe('a@b***@c***.fr');
    expect(redactText('pas une adresse: @ ou a@ ou a@b ou a@.fr ou a@b.c')).toBe('pas une adresse: @ ou a@ ou a@b ou a@.fr ou a@b.c');
  });
  it('masks dates with a year, the way a birth date is typed', () => {
    for (const date of ['22/03/1979', '22-3-79', '22.03.1979', '22 03 1979', '1979-03-22', '22 mars 1979', '1er mars 85', '5 févr. 1992', 'March 22, 1979']) {
      const out = redactText(`je suis née le ${date} à Lyon`);
      expect(out, date).not.toMatch(/1979|79|85|1992|mars|March|févr/);
      expect(out).toMatch(/^je suis née le .*\*.* à Lyon$/);
    }
    expect(redactText('né le 22/03/1979')).toBe('né le **/**/****');
  });
  it('leaves a time stamp readable as a time stamp and a date without a year alone', () => {
    expect(redactText('le 12/03 à 10 h')).toBe('le 12/03 à 10 h');
    expect(redactText('2026-01-15T09:00:00.000Z')).toBe('2026-01-15T09:00:00.000Z');
  });
  it('masks a postal code, not a port or a decimal', () => {
    expect(redactText('code postal 75012 Paris')).toBe('code postal ***** Paris');
    expect(redactText('j’habite au 69100.')).toBe('j’habite au *****.');
    expect(redactText('connect ECONNREFUSED localhost:64001')).toBe('connect ECONNREFUSED localhost:64001');
    expect(redactText('3,14159 et 12345,5')).toBe('3,14159 et 12345,5');
  });
  it('masks a password typed outside its step, after the words that announce it', () => {
    expect(redactText('mon mot de passe actuel est Soleil-2024')).toBe('mon mot de passe actuel est ********');
    expect(redactText('MDP : Azerty#1, ça ne marche pas')).toBe('MDP : ********, ça ne marche pas');
    expect(redactText('my password is Sunny!day')).toBe('my password is ********');
    expect(redactText("j'ai oublié mon mot de passe, il est bloqué")).toBe("j'ai oublié mon mot de passe, il est bloqué");
    expect(redactText('mot de passe oublié')).toBe('mot de passe oublié');
  });
  it('masks secret-looking words (letters and digits, symbols allowed) but not paths or times', () => {
    expect(redactText('Loire#2024x')).toBe('********');
    expect(redactText('voir /sim/links/reset/AbCdEf123456 et file:///src/a.ts:12:5')).toBe('voir /sim/links/reset/************ et file:///src/a.ts:12:5');
  });
  it('masks a name after the words that announce it', () => {
    expect(redactText("Bonjour, je m'appelle Julien Moreau et j'ai oublié")).toBe("Bonjour, je m'appelle ****** ****** et j'ai oublié");
    expect(redactText('je m’appelle julien moreau')).toBe('je m’appelle ****** ******');
    expect(redactText('Mon nom est Lefèvre.')).toBe('Mon nom est *******.');
    expect(redactText('nom: Durand, prénom : Camille')).toBe('nom: ******, prénom : *******');
    expect(redactText('Je récapitule : nom MOREAU, code postal 75012.')).toBe('Je récapitule : nom ******, code postal *****.');
    expect(redactText('Madame Fontaine a appelé; je suis Karim Haddad')).toBe('Madame ******** a appelé; je suis ***** ******');
    expect(redactText('je suis perdu, je veux changer de nom')).toBe('je suis perdu, je veux changer de nom');
  });
  it('leaves ordinary sentences and short numbers alone', () => {
    expect(redactText('le lien est valable 30 minutes, appelez le 3646')).toBe('le lien est valable 30 minutes, appelez le 3646');
    expect(redactText("J'ai oublié mon mot de passe ameli")).toBe("J'ai oublié mon mot de passe ameli");
  });
  it('gives the same answer when run twice (transcripts are masked again by the queue)', () => {
    const once = redactText("je m'appelle Julien Moreau, né le 22/03/1979, 75012, julien@example.fr, 1 79 03 75 056 234 45, mdp Soleil-2024");
    expect(redactText(once)).toBe(once);
  });
});

describe('identifiers', () => {
  it('keeps conversation and handoff ids readable', () => {
    for (const id of ['Jq3fX0aB9kLmN2pQ7rStUv', 'h_9f8e7d6c5b4a', 'a:1f0C9x7Zk3p2-Qw', '19:meeting_NjA4@thread.v2', 'conv-12|0000007']) expect(redactId(id)).toBe(id);
  });
  it('still masks a NIR, an e-mail or a phone number put in an id', () => {
    expect(redactId('185057800608436')).toBe('1 85 ** ** *** *** 36');
    expect(redactId('ines.martin@orange.fr')).toBe('i***@o***.fr');
  });
});

describe('redaction of log objects', () => {
  it('hides secrets by key and masks strings everywhere', () => {
    const out = redactValue({ password: 'Secret#2026', user: { note: 'nir 185057800608436' }, code: 'config_invalid', otp: 123456 });
    expect(out).toEqual({ password: '[REDACTED]', user: { note: 'nir 1 85 ** ** *** *** 36' }, code: 'config_invalid', otp: '[REDACTED]' });
  });
  it('hides personal fields and texts by key, and keeps ids readable in their own field', () => {
    const out = redactValue({ conversationId: 'Jq3fX0aB9kLmN2pQ7rStUv', handoffId: 'h_9f8e7d6c5b4a', lastName: 'Moreau', birthDate: '1979-03-22', postalCode: '75012', text: 'Moreau' });
    expect(out).toEqual({ conversationId: 'Jq3fX0aB9kLmN2pQ7rStUv', handoffId: 'h_9f8e7d6c5b4a', lastName: '[REDACTED]', birthDate: '[REDACTED]', postalCode: '[REDACTED]', text: '[REDACTED]' });
  });
  it('masks a short field logged again as the first time (short fields are remembered masked), and long ones each time', () => {
    const short = { note: 'écrire à j.dupont@example.fr', other: 'nir 185057800608436' };
    const long = { note: `${'histoire '.repeat(10)}nir 185057800608436` };
    for (let i = 0; i < 2; i++) {
      expect(redactValue(short)).toEqual({ note: 'écrire à j***@e***.fr', other: 'nir 1 85 ** ** *** *** 36' });
      expect(redactValue(long)).toEqual({ note: `${'histoire '.repeat(10)}nir 1 85 ** ** *** *** 36` });
    }
  });
});
