import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../../src/nlu/data/load.js';
import { createFuzzyCorrector } from '../../../src/nlu/text/fuzzy.js';
import { createLanguageDetector } from '../../../src/nlu/text/language.js';
import { createNormalizer } from '../../../src/nlu/text/normalize.js';
import { foldText } from '../../../src/shared/fold.js';
import { createStemmer } from '../../../src/nlu/text/stem.js';
import { tokenize } from '../../../src/nlu/text/tokenize.js';

const lexicon = loadLexicon();
const plain = createNormalizer({ lexicon });

describe('normalisation', () => {
  it('folds case, accents and ligatures', () => {
    expect(foldText('Cœur ÉTÉ Ça’')).toBe("coeur ete ca'");
    expect(plain.text('Réinitialiser MON Mot De Passe !!')).toBe('reinitialiser mon mot de passe');
  });

  it("splits French elisions (l' d' j' qu') and typographic apostrophes", () => {
    expect(plain.text("J'ai l'appli, qu'est-ce qu’il faut d'abord ?")).toBe('je ai le application que est ce que il faut de abord');
  });

  it('expands English contractions', () => {
    expect(plain.text("I can't log in, it doesn't work and I'm lost")).toBe('i can not log in it does not work and i am lost');
  });

  it('expands the abbreviations of the domain and of SMS style from the lexicon', () => {
    expect(plain.text('jai oublié mon mdp')).toBe('je ai oublie mon mot de passe');
    expect(plain.text('cv perdue')).toBe('carte vitale perdue');
    expect(plain.text('chui perdu stp')).toBe('je suis perdu se il te plait');
    expect(plain.text('num de secu')).toBe('numero de securite sociale');
    expect(plain.text('mon NIR')).toBe('mon numero de securite sociale');
    expect(plain.text('le dmp sur l appli')).toBe('le dossier medical partage sur le application');
  });

  it('reads MES in capitals as Mon espace santé, and leaves the possessive "mes" alone', () => {
    expect(plain.text('comment on active MES')).toBe('comment on active mon espace sante');
    expect(plain.text('mes documents')).toBe('mes documents');
  });

  it('joins multi-word spellings into one canonical form', () => {
    expect(plain.text('mon adresse e-mail')).toBe('mon email');
    expect(plain.text('France Connect')).toBe('franceconnect');
    expect(plain.text('la e-carte vitale')).toBe('la application carte vitale');
  });

  it('repairs repeated letters and misspelt key terms only outside the vocabulary', () => {
    const vocabulary = new Set(['merci', 'bonjour', 'carte', 'vitale', 'appelle']);
    const repairing = createNormalizer({ lexicon, vocabulary, correct: createFuzzyCorrector(lexicon.keyTerms) });
    expect(repairing.text('mercii')).toBe('merci');
    expect(repairing.text('bonjouuuur')).toBe('bonjour');
    expect(repairing.text('carte vitalle')).toBe('carte vitale');
    expect(repairing.text('appelle')).toBe('appelle');
  });

  it('keeps the position of each token in the input', () => {
    const text = "Bonjour, j'ai un souci";
    const spans = plain.spans(text);
    expect(spans.map((s) => s.token)).toEqual(['bonjour', 'je', 'ai', 'un', 'souci']);
    expect(text.slice(spans[1]!.start, spans[1]!.end)).toBe("j'ai");
  });

  it('tokenises with natural and drops empty pieces', () => {
    expect(tokenize('  carte   vitale  ')).toEqual(['carte', 'vitale']);
  });
});

describe('a text read again', () => {
  it('gives the same tokens and spans without being read again, as copies of its own', () => {
    const asked: string[] = [];
    const correct = (token: string) => {
      asked.push(token);
      return token === 'vitalle' ? 'vitale' : undefined;
    };
    const normalizer = createNormalizer({ lexicon, vocabulary: new Set(['carte', 'vitale']), correct });
    const tokens = normalizer.tokens('ma carte vitalle');
    expect(tokens).toEqual(['ma', 'carte', 'vitale']);
    const askedOnce = asked.length;
    expect(askedOnce).toBeGreaterThan(0);
    tokens.push('changed');
    expect(normalizer.tokens('ma carte vitalle')).toEqual(['ma', 'carte', 'vitale']);
    expect(asked.length).toBe(askedOnce);
    const spans = normalizer.spans('ma carte vitalle');
    const askedWithSpans = asked.length;
    expect(spans.at(-1)).toEqual({ token: 'vitale', start: 9, end: 16 });
    (spans[0] as { token: string }).token = 'changed';
    expect(normalizer.spans('ma carte vitalle')[0]).toEqual({ token: 'ma', start: 0, end: 2 });
    expect(asked.length).toBe(askedWithSpans);
    // Another text is read afresh.
    expect(normalizer.tokens('une vitalle')).toEqual(['une', 'vitale']);
    expect(asked.length).toBeGreaterThan(askedWithSpans);
  });
});

describe('fuzzy correction', () => {
  const correct = createFuzzyCorrector(lexicon.keyTerms);

  it('corrects a misspelt key term', () => {
    expect(correct('ordonnace')).toBe('ordonnance');
    expect(correct('provisiore')).toBe('provisoire');
    expect(correct('attestaion')).toBe('attestation');
  });

  it('leaves short words and unrelated words alone', () => {
    expect(correct('mode')).toBeUndefined();
    expect(correct('zzzzzzz')).toBeUndefined();
    expect(correct('banane')).toBeUndefined();
  });
});

describe('language and stemming', () => {
  const detect = createLanguageDetector(lexicon);

  it('tells English from French, French winning ties', () => {
    expect(detect(plain.tokens('I forgot my password'))).toBe('en');
    expect(detect(plain.tokens("j'ai oublié mon mot de passe"))).toBe('fr');
    expect(detect(plain.tokens('ok'))).toBe('fr');
    expect(detect(plain.tokens('hello'))).toBe('en');
  });

  it('stems with the French or the English Porter stemmer', () => {
    const stem = createStemmer();
    expect(stem('activation', 'fr')).toBe(stem('activer', 'fr'));
    expect(stem('passwords', 'en')).toBe('password');
    expect(stem('zznir', 'fr')).toBe('zznir');
  });
});
