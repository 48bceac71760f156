import { describe, expect, it } from 'vitest';
import { foldText, stripAccents } from '../../../src/shared/fold.js';

describe('fold', () => {
  it('strips accents and keeps case and punctuation', () => {
    expect(stripAccents('Éléonore, ça où ? Noël')).toBe('Eleonore, ca ou ? Noel');
  });

  it('folds case, accents, ligatures and every apostrophe people type', () => {
    expect(foldText('Cœur ÉTÉ Æsop Straße')).toBe('coeur ete aesop strasse');
    expect(['j’ai', 'j‘ai', 'j`ai', 'j´ai', 'jʼai', 'j′ai'].map(foldText)).toEqual(Array(6).fill("j'ai"));
  });
});
