/**
 * The FAQ match: a precise question finds its item, a request for the whole topic does not, and
 * rare words weigh more than the topic's everyday ones. Entries are made here; the reader is a
 * plain one (the engine gives the NLU's).
 */
import { describe, expect, it } from 'vitest';
import type { Entry, EntryContent, FaqItem } from '../../../src/knowledge/content.js';
import { createFaqIndex } from '../../../src/knowledge/faq.js';

const source = { file: '003_d37898c8635ec779.txt', passage: 'passage' };
const faq = (id: string, questions: string[]): FaqItem => ({ id, questions, answer: `réponse ${id}`, sources: [source] });

function entry(id: string, questions: string[], items: FaqItem[]): Entry {
  const content: EntryContent = { title: id, action: id, questions, keywords: [id], answer: 'a', falc: ['a', 'b', 'c'], faq: items };
  return { id, file: `entries/${id}.json`, topic: 't', kind: 'information', intents: [`x.${id.replace(/-/g, '_')}`], priority: 50, shortcuts: [], content: { fr: content }, facts: new Map(), related: [], sources: [] };
}

const read = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.replace(/s$/, ''));

const entries = [
  entry('password-reset', ["j'ai oublié mon mot de passe", 'réinitialiser mon mot de passe'], [
    faq('link-validity', ['le lien est valable combien de temps ?', 'durée de validité du lien de réinitialisation']),
    faq('rules', ['quelles sont les règles du mot de passe ?', 'mot de passe : combien de caractères ?']),
  ]),
  entry('contacts', ['comment vous contacter ?', 'nous contacter'], [faq('price', ['le 3646 est-il gratuit ?', 'combien coûte un appel au 3646 ?'])]),
];
const index = createFaqIndex(entries, read);

describe('FAQ match', () => {
  it('finds the item a precise question asks, in other words than its own', () => {
    const [best] = index.match('le lien de réinitialisation du mot de passe est valable pendant combien de temps', { language: 'fr' });
    expect(best).toMatchObject({ entryId: 'password-reset', item: { id: 'link-validity' } });
    expect(best!.score).toBeGreaterThan(0.6);
    expect(index.match('est-ce que le 3646 est gratuit', { language: 'fr' })[0]).toMatchObject({ entryId: 'contacts', item: { id: 'price' } });
  });

  it('takes a request for the whole topic for the entry, not for one of its items', () => {
    const [best] = index.match("j'ai oublié mon mot de passe", { language: 'fr' });
    expect(best).toMatchObject({ entryId: 'password-reset' });
    expect(best!.item).toBeUndefined();
  });

  it('lets the rare words decide: "mot de passe" alone is not the rules', () => {
    const rules = index.match('mot de passe', { language: 'fr' }).find((m) => m.item?.id === 'rules');
    const precise = index.match('les règles du mot de passe', { language: 'fr' }).find((m) => m.item?.id === 'rules');
    expect(precise!.score).toBeGreaterThan(rules?.score ?? 0);
    expect(index.match('les règles du mot de passe', { language: 'fr' })[0]?.item?.id).toBe('rules');
  });

  it('finds nothing for a message without a word in common, nor for function words only', () => {
    expect(index.match('quel temps fait-il à Lyon', { language: 'fr' }).filter((m) => m.score >= 0.5)).toEqual([]);
    expect(index.match('le la les de', { language: 'fr' })).toEqual([]);
  });

  it('scores between 0 and 1, best first, and keeps to the limit', () => {
    const matches = index.match('combien de temps le lien est valable, et combien de caractères pour le mot de passe', { language: 'fr', limit: 2, minScore: 0 });
    expect(matches.length).toBeLessThanOrEqual(2);
    expect(matches[0]!.score).toBeGreaterThanOrEqual(matches[1]!.score);
    for (const m of matches) {
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('entries no intent leads to', () => {
  it("do not hide another entry's precise item with their own questions", () => {
    const routed = entry('digital-help', ['aide pour le numérique'], [faq('workshops', ['ateliers numériques à Saint-Étienne'])]);
    const unrouted = { ...entry('digital-workshops', ['ateliers numériques Saint-Étienne'], []), intents: [] };
    const [best] = createFaqIndex([routed, unrouted], read).match('ateliers numériques Saint-Étienne', { language: 'fr' });
    expect(best).toMatchObject({ entryId: 'digital-help', item: { id: 'workshops' } });
  });
});

describe('a message matched again', () => {
  it('gets the same matches without being read again, as copies of its own', () => {
    const readings: string[] = [];
    const counting = (text: string) => {
      readings.push(text);
      return read(text);
    };
    const index = createFaqIndex(entries, counting);
    const message = 'le lien est valable combien de temps';
    const first = index.match(message, { language: 'fr' });
    expect(first.length).toBeGreaterThan(0);
    const expected = first.map((m) => ({ ...m }));
    const times = readings.filter((t) => t === message).length;
    (first[0] as { score: number }).score = -1;
    expect(index.match(message, { language: 'fr' })).toEqual(expected);
    expect(readings.filter((t) => t === message).length).toBe(times);
    // Other options are another match.
    expect(index.match(message, { language: 'fr', limit: 1 })).toEqual(expected.slice(0, 1));
    expect(readings.filter((t) => t === message).length).toBe(times + 1);
  });
});
