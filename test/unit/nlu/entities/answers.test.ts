import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../../../src/nlu/data/load.js';
import { createValidators } from '../../../../src/nlu/entities/index.js';
import { answerEntities, createAnswerMatcher } from '../../../../src/nlu/entities/answers.js';

const lexicon = loadLexicon();
const validators = createValidators(lexicon);
const now = { now: new Date('2026-01-15T09:00:00Z') };

describe('yes/no answers', () => {
  it('reads the usual ways of saying yes', () => {
    for (const text of ['oui', 'Oui !', 'ouais', 'ok', 'OK.', "d'accord", 'dacc', 'bien sûr', 'tout à fait', 'oui merci', 'ouiii', 'yes', 'euh oui', 'oui svp', "c'est ça"]) {
      expect(validators.yes_no(text, now), text).toEqual({ ok: true, value: 'yes' });
    }
  });

  it('reads the usual ways of saying no, "non merci" included', () => {
    for (const text of ['non', 'Non.', 'nan', 'non merci', 'pas du tout', 'surtout pas', 'no', 'nope', 'non non', 'pas maintenant']) {
      expect(validators.yes_no(text, now), text).toEqual({ ok: true, value: 'no' });
    }
  });

  it('does not understand a sentence that says more, or both', () => {
    expect(validators.yes_no('oui mais je ne sais pas où est mon code', now)).toEqual({ ok: false, reason: 'not_understood' });
    expect(validators.yes_no('oui non', now)).toEqual({ ok: false, reason: 'not_understood', details: { ambiguous: true } });
    expect(validators.yes_no('peut-être', now)).toEqual({ ok: false, reason: 'not_understood' });
    expect(validators.yes_no('', now)).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('e-mail or SMS answers', () => {
  it('reads the channel the person picks', () => {
    for (const text of ['par mail', 'mail', 'E-mail', 'par courriel', 'email svp', 'by email']) expect(validators.email_or_sms(text, now), text).toEqual({ ok: true, value: 'email' });
    for (const text of ['sms', 'par SMS', 'texto', 'sur mon portable', 'par téléphone', 'by text']) expect(validators.email_or_sms(text, now), text).toEqual({ ok: true, value: 'sms' });
  });

  it('does not pick when both or neither are said', () => {
    expect(validators.email_or_sms('sms ou mail je sais pas', now)).toMatchObject({ ok: false, reason: 'not_understood' });
    expect(validators.email_or_sms('par pigeon', now)).toEqual({ ok: false, reason: 'not_understood' });
  });
});

describe('card type answers', () => {
  it('tells a card with a photo from one without', () => {
    for (const text of ['avec photo', 'Avec une photo', 'photo', 'elle a ma photo']) expect(validators.card_type(text, now), text).toEqual({ ok: true, value: 'photo' });
    for (const text of ['sans photo', 'sans', 'pas de photo', "il n'y a pas de photo", 'without photo']) {
      const result = validators.card_type(text, now);
      if (text === 'sans') expect(result).toEqual({ ok: false, reason: 'not_understood' });
      else expect(result, text).toEqual({ ok: true, value: 'sans_photo' });
    }
  });
});

describe('answer entities in free text', () => {
  const matcher = createAnswerMatcher(lexicon);

  it('gives the position of the words in the original text', () => {
    const text = "D'accord, merci";
    const [entity] = answerEntities(matcher, matcher.read(text), { anywhere: false });
    expect(entity).toMatchObject({ type: 'yes_no', value: 'yes', valid: true });
    expect(text.slice(entity!.start, entity!.end)).toBe("D'accord");
  });

  it('keeps a specific phrase such as "sans photo" inside a sentence, not a lone "non"', () => {
    const reading = matcher.read("ma carte est sans photo et non je n'ai pas le code");
    const entities = answerEntities(matcher, reading, { anywhere: false });
    expect(entities.map((e) => `${e.type}:${e.value}`)).toEqual(['card_type:sans_photo']);
  });
});
