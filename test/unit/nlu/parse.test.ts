import Fuse from 'fuse.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AssistantNlu } from '../../../src/nlu/index.js';
import { testNlu } from '../../support/nlu.js';

let nlu: AssistantNlu;
beforeAll(() => {
  nlu = testNlu().nlu;
}, 60_000);

const intentOf = (text: string) => nlu.parse(text).intent.name;

describe('intents of everyday messages', () => {
  it('understands the messages of the issue, typos and abbreviations included', () => {
    expect(intentOf('jai oublier mon mdp')).toBe('account.password_reset');
    expect(intentOf('comment on active MES')).toBe('mes.activate');
    expect(intentOf('cv perdue')).toBe('card.vitale_lost');
    expect(intentOf('I lost my password')).toBe('account.password_reset');
  });

  it('tells Mon espace santé login trouble from compte ameli login trouble', () => {
    expect(intentOf("je n'ai pas reçu le code d'accès par sms")).toBe('mes.login');
    expect(intentOf("je ne reçois pas le code de sécurité d'ameli par mail")).toBe('account.login_help');
  });

  it('answers out_of_scope for what the assistant does not cover', () => {
    for (const text of ['quel temps fait-il à Lyon demain', 'raconte moi une blague', "j'ai mal à la tête depuis hier, c'est grave ?", 'quand la CAF va-t-elle verser mes allocations']) {
      expect(intentOf(text), text).toBe('out_of_scope');
    }
  });

  it('answers out_of_scope with full confidence for a message with no words', () => {
    expect(nlu.parse('?!').intent).toEqual({ name: 'out_of_scope', confidence: 1 });
  });

  it('ranks every intent, best first, the first being the intent', () => {
    const result = nlu.parse("j'ai perdu ma carte vitale");
    expect(result.ranking[0]).toEqual(result.intent);
    expect(result.ranking.length).toBe(nlu.intents.length);
    const confidences = result.ranking.map((r) => r.confidence);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
  });

  it('detects the language so that the reply can follow the user', () => {
    expect(nlu.parse('How do I order a European health insurance card?').language).toBe('en');
    expect(nlu.parse('comment commander la carte européenne').language).toBe('fr');
    // "on" is French too: twice in a French question, it does not make it English.
    expect(nlu.parse('on peut clôturer mon espace santé quand on veut ?').language).toBe('fr');
    expect(nlu.parse('is it on the website?').language).toBe('en');
  });

  it('reports a close call when the two best topics are near', () => {
    const vague = ["je n'arrive pas", 'comment je fais pour le code', 'ça ne marche pas', 'mon compte', 'code', 'carte', 'je ne comprends pas comment faire pour mon espace santé', 'espace santé enfant code', 'je veux des infos', "je n'y arrive pas avec le code"];
    const results = vague.map((t) => nlu.parse(t));
    for (const r of results) {
      if (r.closeCall) {
        expect(r.closeCall[0]).toEqual(r.intent);
        expect(r.closeCall[0].confidence - r.closeCall[1].confidence).toBeLessThan(nlu.settings.closeCallMargin);
      }
    }
    expect(results.some((r) => r.closeCall)).toBe(true);
  });

  it('returns the text as given and cuts nothing from a normal message', () => {
    expect(nlu.parse('  Bonjour  ').text).toBe('  Bonjour  ');
  });
});

describe('entities in parse', () => {
  it('finds a NIR whose key does not match, for "la clé ne correspond pas"', () => {
    const result = nlu.parse('mon numéro de sécu est 1 85 05 78 006 084 92');
    expect(result.entities).toMatchObject([{ type: 'nir', value: '185057800608492', valid: false, reason: 'key_mismatch' }]);
  });

  it('checks dates against the injected clock', () => {
    const result = nlu.parse('je suis né le 12/03/2030');
    expect(result.entities).toMatchObject([{ type: 'birth_date', valid: false, reason: 'future' }]);
  });

  it('does not let a value change the intent: a NIR is a placeholder for the classifier', () => {
    expect(intentOf("j'ai oublié mon mot de passe, mon numéro est 1 85 05 78 006 084 91")).toBe('account.password_reset');
  });

  it('reports a whole yes/no message as a yes_no entity without any expectation', () => {
    expect(nlu.parse("d'accord").entities).toMatchObject([{ type: 'yes_no', value: 'yes' }]);
    expect(nlu.parse("je n'ai pas reçu mon code").entities).toEqual([]);
  });
});

describe('short answers inside a prompt', () => {
  it('reads oui, ok, d’accord and non merci as affirm/deny when a yes/no is expected', () => {
    for (const text of ['oui', 'ok', "d'accord", 'ouiii', 'yes']) {
      const result = nlu.parse(text, { expect: { kind: 'yes_no' } });
      expect(result.intent.name, text).toBe('affirm');
      expect(result.answered).toBe(true);
      expect(result.entities).toMatchObject([{ type: 'yes_no', value: 'yes' }]);
    }
    const no = nlu.parse('non merci', { expect: { kind: 'yes_no' } });
    expect(no.intent).toEqual({ name: 'deny', confidence: 1 });
    expect(no.entities).toMatchObject([{ type: 'yes_no', value: 'no' }]);
  });

  it('keeps a request made together with the answer ("non, je veux parler à un conseiller")', () => {
    const result = nlu.parse('non, je veux parler à un conseiller', { expect: { kind: 'yes_no' } });
    expect(result.intent.name).toBe('handoff.agent');
    expect(result.answered).toBe(true);
    expect(result.entities).toMatchObject([{ type: 'yes_no', value: 'no' }]);
  });

  it('reads "par sms" and "par mail" when the channel is asked', () => {
    const sms = nlu.parse('par sms svp', { expect: { kind: 'email_or_sms' } });
    expect(sms).toMatchObject({ intent: { name: 'inform' }, answered: true, entities: [{ type: 'email_or_sms', value: 'sms' }] });
    const email = nlu.parse('plutôt par e-mail', { expect: { kind: 'email_or_sms' } });
    expect(email.entities).toMatchObject([{ type: 'email_or_sms', value: 'email' }]);
  });

  it('leaves the message alone when it does not answer the question', () => {
    const result = nlu.parse("j'ai perdu ma carte vitale", { expect: { kind: 'yes_no' } });
    expect(result.answered).toBeUndefined();
    expect(result.intent.name).toBe('card.vitale_lost');
  });

  it('takes the whole message as the expected entity, valid or not', () => {
    const serial = nlu.parse('123 456 789 01', { expect: { kind: 'entity', entity: 'vitale_serial' } });
    expect(serial).toMatchObject({ intent: { name: 'inform' }, answered: true, entities: [{ type: 'vitale_serial', value: '12345678901', valid: true }] });
    const short = nlu.parse('18505780060849', { expect: { kind: 'entity', entity: 'nir' } });
    expect(short.entities).toMatchObject([{ type: 'nir', valid: false, reason: 'too_short' }]);
    expect(short.answered).toBe(true);
    const departement = nlu.parse('93', { expect: { kind: 'entity', entity: 'departement' } });
    expect(departement.entities).toMatchObject([{ type: 'departement', value: '93' }]);
    const card = nlu.parse('avec photo', { expect: { kind: 'entity', entity: 'card_type' } });
    expect(card).toMatchObject({ answered: true, entities: [{ type: 'card_type', value: 'photo' }] });
  });

  it('does not take words for a wrong value of the expected entity', () => {
    const lost = nlu.parse("je l'ai perdu", { expect: { kind: 'entity', entity: 'provisional_code' } });
    expect(lost.answered).toBeUndefined();
    expect(lost.entities).toEqual([]);
    const wrong = nlu.parse('12345ABC', { expect: { kind: 'entity', entity: 'provisional_code' } });
    expect(wrong.entities).toMatchObject([{ type: 'provisional_code', valid: false, reason: 'wrong_length' }]);
  });

  it('does not take a question for the expected entity', () => {
    const result = nlu.parse('où je trouve mon numéro de sécurité sociale ?', { expect: { kind: 'entity', entity: 'nir' } });
    expect(result.answered).toBeUndefined();
    expect(result.entities).toEqual([]);
  });

  it('picks an option of a choice by synonym, ordinal or with a typo', () => {
    const options = [
      { id: 'activate', synonyms: ["j'active", 'activer'] },
      { id: 'oppose', synonyms: ["je m'oppose", "m'opposer", 'refuser'] },
    ];
    const expect_ = { kind: 'choice' as const, options };
    expect(nlu.parse("je m'oppose", { expect: expect_ })).toMatchObject({ choice: 'oppose', intent: { name: 'inform' }, answered: true });
    expect(nlu.parse('le premier', { expect: expect_ }).choice).toBe('activate');
    expect(nlu.parse('le dernier', { expect: expect_ }).choice).toBe('oppose');
    expect(nlu.parse('2', { expect: expect_ }).choice).toBe('oppose');
    expect(nlu.parse('actver', { expect: expect_ }).choice).toBe('activate');
    expect(nlu.parse('je ne sais pas', { expect: expect_ }).choice).toBeUndefined();
  });

  it('reads the same options built afresh each turn the same way, and a long sentence is no typo of an option', () => {
    const fresh = () => ({ kind: 'choice' as const, options: [{ id: 'email', synonyms: ['par e-mail', 'courriel'] }, { id: 'post', synonyms: ['par courrier', 'la poste'] }] });
    expect(nlu.parse('par courier', { expect: fresh() })).toMatchObject({ choice: 'post', choiceBy: 'fuzzy' });
    expect(nlu.parse('par courier', { expect: fresh() })).toMatchObject({ choice: 'post', choiceBy: 'fuzzy' });
    expect(nlu.parse('comment contacter la sécu depuis l’étranger ?', { expect: fresh() }).choice).toBeUndefined();
  });

  it('asks fuse.js once about a typo written again, and remembers a near miss of no option too', () => {
    const search = vi.spyOn(Fuse.prototype, 'search');
    try {
      const fresh = () => ({ kind: 'choice' as const, options: [{ id: 'mail', synonyms: ['par e-mail'] }, { id: 'letter', synonyms: ['par courrier'] }] });
      expect(nlu.parse('par courier', { expect: fresh() })).toMatchObject({ choice: 'letter', choiceBy: 'fuzzy' });
      expect(nlu.parse('par courier', { expect: fresh() })).toMatchObject({ choice: 'letter', choiceBy: 'fuzzy' });
      expect(nlu.parse('zzzz', { expect: fresh() }).choice).toBeUndefined();
      expect(nlu.parse('zzzz', { expect: fresh() }).choice).toBeUndefined();
      expect(search).toHaveBeenCalledTimes(2);
    } finally {
      search.mockRestore();
    }
  });
});

describe('validators on the NLU', () => {
  it('repair typos with the model vocabulary, as parse does', () => {
    expect(nlu.validators.yes_no('ouiiii', { now: new Date('2026-01-15T09:00:00Z') })).toEqual({ ok: true, value: 'yes' });
    expect(nlu.validators.nir('185057800608491', { now: new Date('2026-01-15T09:00:00Z') })).toMatchObject({ ok: true });
  });
});

describe('the kind of a short story closed by a question', () => {
  const kindOf = (text: string) => nlu.parse(text).act?.kind;
  it('is a question when its last sentence asks one', () => {
    expect(kindOf("J'ai cliqué sur « Mot de passe oublié » sur le compte ameli. Où vais-je recevoir le lien ?")).toBe('question');
    expect(kindOf('Je dois envoyer un justificatif papier à ma caisse. Je l’envoie à quelle adresse ?')).toBe('question');
  });
  it('stays a request when the last sentence asks for something to be done, or nothing is asked', () => {
    expect(kindOf("j'ai oublié mon mot de passe. vous pouvez m'envoyer un lien ?")).toBe('request');
    expect(kindOf("j'ai oublié mon mot de passe. aidez-moi")).toBe('request');
  });
});
