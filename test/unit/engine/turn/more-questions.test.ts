import { describe, expect, it } from 'vitest';
import { questionParts } from '../../../../src/engine/turn/more-questions.js';

describe('questionParts', () => {
  it('cuts after each question mark followed by more text', () => {
    expect(questionParts('le code il fait combien de caracteres ? et il est valable combien de temps')).toEqual(['le code il fait combien de caracteres ?', 'et il est valable combien de temps']);
    expect(questionParts("c'est gratuit ?! et depuis l'étranger ??")).toEqual(["c'est gratuit ?!", "et depuis l'étranger ??"]);
  });
  it('keeps a single question whole, and drops parts too short to say anything', () => {
    expect(questionParts('le lien dure combien de temps ?')).toEqual(['le lien dure combien de temps ?']);
    expect(questionParts('non ? le lien dure combien de temps ?')).toEqual(['le lien dure combien de temps ?']);
  });
  it('does not cut inside a link', () => {
    expect(questionParts('vous avez le lien https://ameli.fr/page?id=3 pour ça ?')).toEqual(['vous avez le lien https://ameli.fr/page?id=3 pour ça ?']);
  });
  it('cuts a question joined by ", et" and a question word, and nothing else', () => {
    expect(questionParts("est-ce qu'on est éligibles, et combien de temps dure la formation ?")).toEqual(["est-ce qu'on est éligibles", 'combien de temps dure la formation ?']);
    expect(questionParts('je peux le faire en ligne, et pour mon fils aussi ?')).toEqual(['je peux le faire en ligne, et pour mon fils aussi ?']);
    expect(questionParts('le code fait combien de caractères, et combien de temps il est valable')).toEqual(['le code fait combien de caractères, et combien de temps il est valable']);
  });
});
