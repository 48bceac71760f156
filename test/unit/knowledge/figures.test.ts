import { describe, expect, it } from 'vitest';
import { describeAmount, findAmounts, findPhones } from '../../../src/knowledge/figures.js';

const amounts = (text: string) => findAmounts(text).map((a) => `${a.value} ${a.unit}`);
const phones = (text: string) => findPhones(text).map((p) => p.digits);

describe('figures found in copy text', () => {
  it('reads durations written with digits or words, in French and English', () => {
    expect(amounts('le lien est valable 30 minutes')).toEqual(['30 minute']);
    expect(amounts("Ce code n'est valable que 15 min")).toEqual(['15 minute']);
    expect(amounts("au bout d'un mois et 10 jours")).toEqual(['1 month', '10 day']);
    expect(amounts('avant 6 semaines, ou six semaines, ou 24h, ou 24 heures')).toEqual(['6 week', '6 week', '24 hour', '24 hour']);
    expect(amounts('valid for 30 minutes, one month later, 2 weeks')).toEqual(['30 minute', '1 month', '2 week']);
  });

  it('reads lengths, sizes and counts', () => {
    expect(amounts('un code de 12 caractères, les 11 derniers chiffres, 15 chiffres')).toEqual(['12 character', '11 digit', '15 digit']);
    expect(amounts('8 caractères minimum, 1 majuscule, 1 minuscule, 1 caractère spécial, 1 chiffre')).toEqual([
      '8 character',
      '1 uppercase',
      '1 lowercase',
      '1 special_character',
      '1 digit',
    ]);
    expect(amounts('La taille maximale du fichier est de 5Mo. Max 5 MB.')).toEqual(['5 megabyte', '5 megabyte']);
    expect(amounts('disponible dans 23 départements, enfant de moins de 18 ans')).toEqual(['23 department', '18 year']);
  });

  it('does not read rules written in words as figures', () => {
    expect(amounts('au minimum une majuscule, une minuscule et un chiffre ou un caractère spécial')).toEqual([]);
  });

  it('reads a time of day as such, not as hours', () => {
    expect(findAmounts('de 13h30 à 16h15').map(describeAmount)).toEqual(['13h30', '16h15']);
  });

  it('ignores numbers that are not quantities', () => {
    expect(amounts('Étape 1 : en 2 clics, les 3 points, en 2025, 97 %')).toEqual([]);
    expect(amounts('Mon espace santé, mon compte')).toEqual([]);
  });

  it('finds short, national and international phone numbers, spaced or not', () => {
    expect(phones('Appelez le 3646 ou le 36 46, et le 3422 pour Mon espace santé.')).toEqual(['3646', '3646', '3422']);
    expect(phones('En anglais : 09 74 75 36 46, ou 0033 974 75 36 46 depuis l’étranger.')).toEqual(['0974753646', '0033974753646']);
    expect(phones('+33 6 12 34 56 78')).toEqual(['+33612345678']);
  });

  it('does not take years, counts or social security numbers for phone numbers', () => {
    expect(phones('en 2025, 6 704 professionnels, 1 55 12 55 555 555 55, 30 minutes')).toEqual([]);
  });

  it('does not join a number at the end of a line with the next line', () => {
    expect(phones('0033 974 75 36 46\n02')).toEqual(['0033974753646']);
  });
});
