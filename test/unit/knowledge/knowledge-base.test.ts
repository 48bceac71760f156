import { describe, expect, it } from 'vitest';
import { createKnowledgeBase } from '../../../src/knowledge/index.js';
import { realContent, realKnowledgeBase } from '../../support/knowledge.js';

const kb = realKnowledgeBase();

describe('knowledge base: intents and facts', () => {
  it('finds the entry of an intent, and of a finer child intent through its parent', () => {
    expect(kb.entryForIntent('account.eligibility')?.id).toBe('account-eligibility');
    expect(kb.entryForIntent('mes.info.data_protection')?.id).toBe('mes-data-protection');
    expect(kb.entryForIntent('mes.info.something_new')?.id).toBe('mes-info');
    expect(kb.entryForIntent('contact.phone.mes')?.id).toBe('mes-contact');
    expect(kb.entryForIntent('greeting')).toBeUndefined();
    expect(kb.entryForIntent('weather.today')).toBeUndefined();
  });

  it('returns a fact as it reads in copy, by "<entry>.<fact>", in French or English', () => {
    expect(kb.fact('password-reset.link_validity')).toBe('30 minutes');
    expect(kb.fact('password-reset.link_validity', 'en')).toBe('30 minutes');
    expect(kb.fact('mes-documents.max_size', 'en')).toBe('5 MB');
    expect(kb.fact('contacts.phone_english')).toBe('09 74 75 36 46');
    // A reference resolves to the fact it points to.
    expect(kb.fact('mes-activation.helpline')).toBe('3422');
    expect(kb.fact('mes-activation.provisional_code_length')).toBe('12 caractères');
  });

  it('answers undefined for an unknown fact reference', () => {
    expect(kb.fact('password-reset.nope')).toBeUndefined();
    expect(kb.fact('nowhere.link_validity')).toBeUndefined();
    expect(kb.fact('password-reset')).toBeUndefined();
  });

  it('lists every entry with its topic', () => {
    const all = kb.all();
    expect(all.length).toBe(kb.entries().length);
    expect(all.find((e) => e.id === 'contacts')).toEqual({ id: 'contacts', title: expect.stringContaining('Contacter') as string, intents: ['contact.phone'], topic: 'contacts' });
    expect(kb.get('ceam')?.title).toBe("La carte européenne d'assurance maladie (CEAM)");
    expect(kb.get('nope')).toBeUndefined();
  });

  it('names the source documents', () => {
    expect(kb.sourceTitle('003_d37898c8635ec779.txt')).toContain('Ma santé.fr');
    expect(kb.sourceTitle('nope.txt')).toBeUndefined();
  });
});

describe('knowledge base: answers as data (the engine words them as chat replies)', () => {
  it('gives an entry\'s answer with 2 to 4 related entries to go on to, as a label and the question it asks', () => {
    const answer = kb.answer('password-reset', { language: 'fr' });
    expect(answer).toMatchObject({ entryId: 'password-reset', title: 'Mot de passe du compte ameli oublié', language: 'fr', frenchOnly: false });
    expect(answer.text).toContain('valable 30 minutes');
    expect(answer.followUps.length).toBeGreaterThanOrEqual(2);
    expect(answer.followUps.length).toBeLessThanOrEqual(4);
    expect(answer.followUps[0]).toEqual({ label: 'Aide à la connexion', ask: "Je n'arrive pas à me connecter à mon compte ameli" });
  });

  it('gives the key facts and the steps, and cites the source passages the answer rests on', () => {
    const answer = kb.answer('password-reset', { language: 'fr' });
    expect(answer.facts).toContainEqual({ label: 'Validité du lien de réinitialisation', value: '30 minutes' });
    expect(answer.steps).toHaveLength(4);
    expect(answer.sources.length).toBeGreaterThan(0);
    for (const source of answer.sources) expect(kb.sourceTitle(source.file), source.file).toBeDefined();
    // Key facts' sources first.
    const linkValidity = kb.factDetails('password-reset.link_validity')!;
    expect(answer.sources[0]).toEqual(linkValidity.sources[0]);
  });

  it('gives the easy-to-read variant as one short sentence per line, without the table of facts', () => {
    const answer = kb.answer('mes-provisional-code', { language: 'fr', variant: 'falc' });
    const lines = answer.text.split('\n');
    expect(lines).toContain('Il a 12 caractères.');
    expect(lines.every((l) => l.split(' ').length <= 15)).toBe(true);
    expect(answer.facts).toEqual([]);
  });

  it('answers in English where the entry has an English version', () => {
    const answer = kb.answer('contacts', { language: 'en' });
    expect(answer.text).toContain('09 74 75 36 46');
    expect(answer.language).toBe('en');
    expect(answer.followUps[0]!.label).toBe('Contact Mon espace santé');
  });

  it('says when an entry asked in English exists only in French, and gives the French', () => {
    // Every real entry has English content: take the English away from one.
    const content = realContent();
    const frenchOnly = createKnowledgeBase({
      content: { ...content, entries: content.entries.map((e) => (e.id === 'ceam' ? { ...e, content: { fr: e.content.fr } } : e)) },
    });
    const answer = frenchOnly.answer('ceam', { language: 'en' });
    expect(answer).toMatchObject({ frenchOnly: true, language: 'fr' });
    expect(answer.text).toContain('carte européenne');
  });

  it('refuses an unknown entry or FAQ item', () => {
    expect(() => kb.answer('nope', { language: 'fr' })).toThrow(/no knowledge entry "nope"/);
    expect(() => kb.answerFaq('password-reset', 'nope', 'fr')).toThrow(/no FAQ item "password-reset#nope"/);
  });

  it('gives one FAQ item\'s answer, its sources, and the way to its whole entry', () => {
    const entry = kb.entries().find((e) => (e.content.fr.faq ?? []).length > 0)!;
    const item = entry.content.fr.faq![0]!;
    const answer = kb.answerFaq(entry.id, item.id, 'fr');
    expect(answer).toEqual({
      entryId: entry.id,
      faqId: item.id,
      title: entry.content.fr.title,
      text: item.answer,
      language: 'fr',
      followUps: [{ label: entry.content.fr.action, ask: entry.content.fr.ask ?? entry.content.fr.questions[0] }],
      sources: item.sources,
    });
  });

  it('gives every entry an answer of 3 to 6 lines and 2 to 4 related entries', () => {
    for (const entry of kb.entries()) {
      const answer = kb.answer(entry.id, { language: 'fr' });
      const lines = answer.text.split('\n').length;
      expect(lines, entry.id).toBeGreaterThanOrEqual(3);
      expect(lines, entry.id).toBeLessThanOrEqual(6);
      expect(answer.followUps.length, entry.id).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('knowledge base: search', () => {
  const top = (query: string, options = {}) => kb.search(query, options)[0]?.id;

  it('finds entries whatever the accents and the case', () => {
    expect(top('MOT DE PASSE OUBLIÉ')).toBe('password-reset');
    expect(top('mot de passe oublie')).toBe('password-reset');
    expect(top('Délai pour refuser')).toBe('mes-opposition');
    expect(top('delai pour refuser')).toBe('mes-opposition');
  });

  it('tolerates typos and finds whole questions', () => {
    expect(top('mot de pase oublié')).toBe('password-reset');
    expect(top('ordonance')).toBe('e-prescription');
    expect(top('code provisoire perdu')).toBe('mes-provisional-code');
    expect(top('combien de temps le lien est valable')).toBe('password-reset');
    expect(top('quels formats de fichiers sont acceptés')).toBe('mes-documents');
    expect(top('qui ne peut pas avoir de compte ameli')).toBe('account-eligibility');
    expect(top('carte vitale perdue')).toBe('vitale-lost');
    expect(top('numéro en anglais')).toBe('contacts');
  });

  it.each([
    ['md', 'password-reset'],
    ['cr', 'account-create'],
    ['ac', 'mes-activation'],
    ['op', 'mes-opposition'],
    ['cl', 'mes-closure'],
    ['cp', 'mes-provisional-code'],
    ['36', 'contacts'],
    ['34', 'mes-contact'],
    ['mes', 'mes-info'],
    ['esp', 'mes-info'],
    ['pe', 'vitale-lost'],
    ['at', 'attestations'],
    ['ce', 'ceam'],
    ['ot', 'account-login'],
  ])('reaches a topic in two or three keystrokes: "%s" → %s', (query, id) => {
    expect(top(query)).toBe(id);
  });

  it('returns hits with the answer, the steps and the source passages', () => {
    const [hit] = kb.search('mot de passe');
    expect(hit).toMatchObject({ id: 'password-reset', title: 'Mot de passe du compte ameli oublié', topic: 'compte-ameli' });
    expect(hit!.score).toBeGreaterThanOrEqual(0);
    expect(hit!.score).toBeLessThan(0.2);
    expect(hit!.answer).toContain('30 minutes');
    expect(hit!.steps).toHaveLength(4);
    expect(hit!.sources![0]).toEqual({ file: '003_d37898c8635ec779.txt', passage: 'Important : le lien de réinitialisation contenu dans le mail est valable 30 minutes.' });
  });

  it('filters by topic and limits the number of hits, best first', () => {
    const hits = kb.search('carte', { topic: 'carte-vitale', limit: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits.every((h) => h.topic === 'carte-vitale')).toBe(true);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => a - b));
  });

  it('searches the English versions in English', () => {
    const [hit] = kb.search('forgot password', { language: 'en' });
    expect(hit?.id).toBe('password-reset');
    expect(hit?.title).toBe('Forgotten ameli account password');
  });

  it('finds nothing for an empty or unrelated query', () => {
    expect(kb.search('')).toEqual([]);
    expect(kb.search('   ')).toEqual([]);
    expect(kb.search('xyzzyq wqxz')).toEqual([]);
  });
});
