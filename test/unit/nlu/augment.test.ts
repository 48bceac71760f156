import { describe, expect, it } from 'vitest';
import { withCourtesyCopies } from '../../../src/nlu/augment.js';
import type { Courtesy, Example } from '../../../src/nlu/data/types.js';
import { testNlu } from '../../support/nlu.js';

const courtesy: Courtesy = {
  fr: { openers: ['bonjour,'], closers: ["merci d'avance"] },
  en: { openers: ['hello,'], closers: ['thanks'] },
};
const examples: Example[] = [
  { text: "j'ai perdu ma carte vitale", intent: 'card.vitale_lost', language: 'fr', source: 'training/card.vitale_lost.json#/examples/fr/0' },
  { text: 'I lost my password', intent: 'account.password_reset', language: 'en' },
  { text: 'merci', intent: 'thanks', language: 'fr' },
];

describe('courtesy copies (training-time augmentation)', () => {
  it('keeps the originals first and adds wrapped copies in the language of each utterance', () => {
    const out = withCourtesyCopies(examples, courtesy, { courtesyCopies: 1, exclude: ['thanks'] }, 7);
    expect(out.slice(0, 3)).toEqual(examples);
    const copies = out.slice(3);
    expect(copies).toHaveLength(2);
    const [french, english] = copies;
    expect(french?.intent).toBe('card.vitale_lost');
    expect(french?.text).toMatch(/^(bonjour, )?j'ai perdu ma carte vitale( merci d'avance)?$/);
    expect(french?.text).not.toBe(examples[0]?.text);
    expect(french?.source).toBe('training/card.vitale_lost.json#/examples/fr/0 (courtesy copy)');
    expect(english?.text).toMatch(/^(hello, )?I lost my password( thanks)?$/);
  });

  it('does not wrap the excluded intents (a thank-you is courtesy itself)', () => {
    const out = withCourtesyCopies(examples, courtesy, { courtesyCopies: 3, exclude: ['thanks'] }, 7);
    expect(out.filter((e) => e.intent === 'thanks')).toHaveLength(1);
    expect(out).toHaveLength(3 + 2 * 3);
  });

  it('is reproducible with the same seed and adds nothing with zero copies', () => {
    const settings = { courtesyCopies: 2, exclude: [] };
    expect(withCourtesyCopies(examples, courtesy, settings, 1)).toEqual(withCourtesyCopies(examples, courtesy, settings, 1));
    expect(withCourtesyCopies(examples, courtesy, { courtesyCopies: 0, exclude: [] }, 1)).toEqual(examples);
  });
});

describe('the trained model on messages wrapped in courtesy', () => {
  it('reads the topic, not the greeting or the thank-you around it', () => {
    const { nlu } = testNlu();
    expect(nlu.classify("Bonjour madame, j'ai égaré ma carte vitale. Je vous remercie par avance pour votre réponse.").intent.name).toBe('card.vitale_lost');
    expect(nlu.classify('bonsoir, comment je ferme mon espace santé ? merci beaucoup').intent.name).toBe('mes.close');
    expect(nlu.classify("Bonjour, quel temps fera-t-il demain à Lille ? Merci d'avance").intent.name).toBe('out_of_scope');
  });

  it('still reads a courtesy alone as courtesy', () => {
    const { nlu } = testNlu();
    expect(nlu.classify('bonjour madame').intent.name).toBe('greeting');
    expect(nlu.classify("merci d'avance").intent.name).toBe('thanks');
  });
});
