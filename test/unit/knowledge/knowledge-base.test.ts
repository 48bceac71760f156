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

describe('knowledge base: chat replies', () => {
  it('renders the answer alone, with 2 to 4 suggested actions (the engine asks whether it helped)', () => {
    const replies = kb.render('password-reset', { language: 'fr' });
    expect(replies).toHaveLength(1);
    const [answer] = replies;
    expect(answer!.text).toContain('valable 30 minutes');
    expect(answer!.suggestedActions!.length).toBeGreaterThanOrEqual(2);
    expect(answer!.suggestedActions!.length).toBeLessThanOrEqual(4);
    expect(answer!.suggestedActions![0]).toEqual({ title: 'Aide à la connexion', value: "Je n'arrive pas à me connecter à mon compte ameli" });
  });

  it('puts the key facts and the steps in a card, and keeps the related entries reachable as card buttons', () => {
    const [answer] = kb.render('password-reset', { language: 'fr' });
    expect(answer!.card!.title).toBe('Mot de passe du compte ameli oublié');
    expect(answer!.card!.facts).toContainEqual({ title: 'Validité du lien de réinitialisation', value: '30 minutes' });
    expect(answer!.card!.steps).toHaveLength(4);
    expect(answer!.card!.actions!.map((a) => a.value)).toEqual(answer!.suggestedActions!.map((s) => s.value));
  });

  it('keeps the related entries as suggested actions only when no feedback question follows (an answer given during a procedure)', () => {
    const replies = kb.render('mes-documents', { language: 'fr', askFeedback: false });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.suggestedActions!.length).toBeGreaterThanOrEqual(2);
    expect(replies[0]!.card!.actions).toBeUndefined();
  });

  it('renders the easy-to-read variant as one short sentence per line', () => {
    const [answer] = kb.render('mes-provisional-code', { language: 'fr', variant: 'falc', askFeedback: false });
    const lines = answer!.text.split('\n');
    expect(lines).toContain('Il a 12 caractères.');
    expect(lines.every((l) => l.split(' ').length <= 15)).toBe(true);
    expect(answer!.card!.facts).toBeUndefined();
  });

  it('answers in English where the entry has an English version', () => {
    const [answer] = kb.render('contacts', { language: 'en' });
    expect(answer!.text).toContain('09 74 75 36 46');
    expect(answer!.language).toBe('en');
    expect(answer!.suggestedActions![0]!.title).toBe('Contact Mon espace santé');
  });

  it('says so in English when an entry exists only in French', () => {
    // Every real entry has English content: take the English away from one.
    const content = realContent();
    const frenchOnly = createKnowledgeBase({
      content: { ...content, entries: content.entries.map((e) => (e.id === 'ceam' ? { ...e, content: { fr: e.content.fr } } : e)) },
    });
    const [answer] = frenchOnly.render('ceam', { language: 'en', askFeedback: false });
    expect(answer!.text.split('\n')[0]).toBe('This answer is only available in French:');
    expect(answer!.text).toContain('carte européenne');
    expect(answer!.language).toBe('fr');
  });

  it('refuses to render an unknown entry', () => {
    expect(() => kb.render('nope', { language: 'fr' })).toThrow(/no knowledge entry "nope"/);
  });

  it('gives every entry a chat answer of 3 to 6 lines and 2 to 4 related actions', () => {
    for (const entry of kb.entries()) {
      const [answer] = kb.render(entry.id, { language: 'fr' });
      const lines = answer!.text.split('\n').length;
      expect(lines, entry.id).toBeGreaterThanOrEqual(3);
      expect(lines, entry.id).toBeLessThanOrEqual(6);
      expect(answer!.suggestedActions!.length, entry.id).toBeGreaterThanOrEqual(2);
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
