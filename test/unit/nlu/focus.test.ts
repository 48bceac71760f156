import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/nlu/focus.js';
import { foldText } from '../../../src/shared/fold.js';

const turning = new Set(['bref', 'ma question']);
const texts = (text: string, commas = false) => splitSentences(text, turning, foldText, 40, commas).map((s) => s.text);

describe('splitSentences', () => {
  it('cuts at sentence ends and before turning points', () => {
    expect(texts("J'ai essayé hier. Rien ne marche bref j'ai oublié mon mot de passe")).toEqual(["J'ai essayé hier.", 'Rien ne marche', "bref j'ai oublié mon mot de passe"]);
  });
  it('keeps commas inside a sentence unless clauses are asked for', () => {
    const text = 'ah pardon je parle français en fait, le lien dure combien de temps ?';
    expect(texts(text)).toEqual([text]);
    expect(texts(text, true)).toEqual(['ah pardon je parle français en fait,', 'le lien dure combien de temps ?']);
  });
  it('does not cut a number written with a comma', () => {
    expect(texts('il coûte 1,5 euro, vraiment ?', true)).toEqual(['il coûte 1,5 euro,', 'vraiment ?']);
  });
  it('gives offsets into the original text', () => {
    const text = 'bon, ça dure combien ?';
    const [, second] = splitSentences(text, turning, foldText, 40, true);
    expect(second && text.slice(second.start, second.end)).toBe('ça dure combien ?');
  });
});
