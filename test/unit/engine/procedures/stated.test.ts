import { describe, expect, it } from 'vitest';
import type { ChoiceOption } from '../../../../src/engine/definitions.js';
import { statedOption } from '../../../../src/engine/procedures/stated.js';

const options: ChoiceOption[] = [
  {
    id: 'yes',
    title: { fr: 'Oui', en: 'Yes' },
    next: 'a',
    synonyms: { fr: ['oui'], en: ['yes'] },
    statedBy: { fr: ["j'ai reçu le code", "j'ai bien reçu le code"], en: ['i have the code'] },
  },
  { id: 'lost', title: { fr: 'Perdu', en: 'Lost' }, next: 'b', synonyms: { fr: ['perdu', 'pas reçu'], en: ['lost'] } },
];

describe('statedOption', () => {
  it('reads the phrase as whole words, accents, case and apostrophes aside', () => {
    expect(statedOption("slt je veux activer MES, J’ai bien RECU le code par courrier", 'fr', options)?.id).toBe('yes');
    expect(statedOption('I want to activate it, I have the code.', 'en', options)?.id).toBe('yes');
  });
  it('is not fooled by a negation or another option said too', () => {
    expect(statedOption("je n'ai pas reçu le code", 'fr', options)).toBeUndefined();
    expect(statedOption("j'ai reçu le code mais je l'ai perdu", 'fr', options)).toBeUndefined();
    expect(statedOption("j'ai reçu le codex", 'fr', options)).toBeUndefined();
  });
  it('only reads the phrases of the message language', () => {
    expect(statedOption('i have the code', 'fr', options)).toBeUndefined();
  });
});
