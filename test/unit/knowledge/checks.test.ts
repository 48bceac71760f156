/**
 * The consistency checks fail on planted mistakes. Each test edits a temporary copy of knowledge/
 * and expects a problem naming the file and the JSON pointer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryFile, ValueFactDefinition } from '../../../src/knowledge/content.js';
import { copyKnowledge, type KnowledgeCopy } from '../../support/knowledge.js';

let copy: KnowledgeCopy | undefined;
afterEach(() => copy?.remove());

function planted(file: string, change: (data: EntryFile) => void) {
  copy = copyKnowledge();
  copy.edit(file, (d) => change(d as unknown as EntryFile));
  return copy.problems();
}

/** A value fact of the file, to plant a mistake in. */
const fact = (d: EntryFile, key: string) => d.facts[key] as ValueFactDefinition;
const steps = (d: EntryFile, language: 'fr' | 'en' = 'fr') => d.content[language]!.steps!;

const at = (problems: Array<{ file: string; pointer: string; message: string }>, file: string, pointer: string) =>
  problems.filter((p) => p.file === file && p.pointer === pointer).map((p) => p.message);

describe('knowledge consistency checks', () => {
  it('pass on an untouched copy', () => {
    copy = copyKnowledge();
    expect(copy.problems()).toEqual([]);
  });

  it('fail when an answer states a delay that is not the fact ("24 heures" for a 30-minute link)', () => {
    const problems = planted('entries/password-reset.json', (d) => {
      d.content.fr.answer = d.content.fr.answer.replace('valable 30 minutes', 'valable 24 heures');
    });
    const messages = at(problems, 'entries/password-reset.json', '/content/fr/answer');
    expect(messages.some((m) => m.includes('"24 heures"') && m.includes('link_validity = 30 minutes'))).toBe(true);
    expect(messages.some((m) => m.includes('not stated in any source document'))).toBe(true);
  });

  it('fail when an FAQ answer states a figure its own passages do not, or quotes a passage that is not in the file', () => {
    const source = { file: '003_d37898c8635ec779.txt', passage: 'Important : le lien de réinitialisation contenu dans le mail est valable 30 minutes.' };
    const good = { id: 'link-validity', questions: ['le lien est valable combien de temps', 'duree du lien'], answer: 'Le lien reçu par e-mail est valable 30 minutes.', sources: [source] };
    expect(
      planted('entries/password-reset.json', (d) => {
        d.content.fr.faq = [good];
        // The English items of the other French items go with them.
        d.content.en!.faq = d.content.en!.faq?.filter((f) => f.id === good.id);
      }),
    ).toEqual([]);
    const problems = planted('entries/password-reset.json', (d) => {
      d.content.fr.faq = [
        { ...good, answer: 'Le lien reçu par e-mail est valable 24 heures.' },
        { ...good, id: 'other', sources: [{ ...source, passage: 'le lien est valable 30 minutes, pas plus' }] },
        { ...good, id: 'other' },
      ];
      d.content.en!.faq = [{ ...good, id: 'not-in-french', answer: 'The link is valid for 30 minutes.' }];
    });
    expect(at(problems, 'entries/password-reset.json', '/content/fr/faq/0/answer').some((m) => m.includes('"24 heures"') && m.includes('its passages do not say'))).toBe(true);
    expect(at(problems, 'entries/password-reset.json', '/content/fr/faq/1/sources/0/passage')).toHaveLength(1);
    expect(at(problems, 'entries/password-reset.json', '/content/fr/faq/2/id')).toEqual(['the FAQ id "other" is used twice']);
    expect(at(problems, 'entries/password-reset.json', '/content/en/faq/0/id')).toEqual(['"not-in-french" has no French FAQ item with the same id']);
  });

  it('fail when a step states a wrong length', () => {
    const problems = planted('entries/mes-activation.json', (d) => {
      steps(d)[1] = steps(d)[1]!.replace('12 caractères', '10 caractères');
    });
    expect(at(problems, 'entries/mes-activation.json', '/content/fr/steps/1').join()).toContain('"10 caractères"');
  });

  it('fail when an easy-to-read sentence states a wrong figure', () => {
    const problems = planted('entries/mes-provisional-code.json', (d) => {
      d.content.fr.falc[3] = 'Il marche pendant 2 mois.';
    });
    expect(at(problems, 'entries/mes-provisional-code.json', '/content/fr/falc/3').join()).toContain('"2 mois"');
  });

  it('fail on a wrong phone number, in the text or in the fact', () => {
    const problems = planted('entries/contacts.json', (d) => {
      d.content.fr.answer = d.content.fr.answer.replace('3646', '3647');
      fact(d, 'phone').phone = '3647';
      fact(d, 'phone').text.fr = '3647';
    });
    expect(at(problems, 'entries/contacts.json', '/content/fr/answer').join()).toContain('"3647" is not in any source document');
    expect(at(problems, 'entries/contacts.json', '/facts/phone/phone').join()).toContain('does not give the number 3647');
  });

  it('fail when a fact says a figure its source passage does not', () => {
    const problems = planted('entries/password-reset.json', (d) => {
      fact(d, 'link_validity').amounts = [{ value: 60, unit: 'minute' }];
    });
    expect(at(problems, 'entries/password-reset.json', '/facts/link_validity/amounts/0')).toEqual(['the source passage does not state 60 minutes']);
    expect(at(problems, 'entries/password-reset.json', '/facts/link_validity/text/fr').join()).toContain('the fact\'s amounts are 60 minutes');
  });

  it('fail when a quoted passage is not word for word in the source file', () => {
    const problems = planted('entries/password-reset.json', (d) => {
      fact(d, 'link_validity').source!.passage = 'le lien de réinitialisation est valable 30 minutes.';
    });
    expect(at(problems, 'entries/password-reset.json', '/facts/link_validity/source/passage').join()).toContain('is not in 003_d37898c8635ec779.txt');
  });

  it('fail on an unknown source file', () => {
    const problems = planted('entries/ceam.json', (d) => {
      d.sources[0]!.file = '009_0000000000000000.txt';
    });
    expect(at(problems, 'entries/ceam.json', '/sources/0/file').join()).toContain('unknown source file');
  });

  it('fail on related entries and fact references that do not resolve', () => {
    const problems = planted('entries/ceam.json', (d) => {
      d.related[0] = 'carte-vitale';
      d.facts.phone = { kind: 'ref', ref: 'contacts.fax' };
    });
    expect(at(problems, 'entries/ceam.json', '/related/0')).toEqual(['unknown entry "carte-vitale"']);
    expect(at(problems, 'entries/ceam.json', '/facts/phone/ref').join()).toContain('"contacts.fax" is not a fact');
  });

  it('fail when a knowledge intent of the contract has no entry', () => {
    const problems = planted('entries/ceam.json', (d) => {
      d.intents = [];
    });
    expect(at(problems, 'contract/intents.json', '/intents/17').join()).toContain('"card.ceam" has no entry');
  });

  it('fail on an intent that is not in the contract, and on an intent answered twice', () => {
    const problems = planted('entries/ceam.json', (d) => {
      d.intents = ['card.ceam', 'travel.abroad', 'card.vitale'];
    });
    expect(at(problems, 'entries/ceam.json', '/intents/1').join()).toContain('neither an intent');
    // Files are checked in name order: vitale-order.json meets card.vitale after ceam.json took it.
    expect(at(problems, 'entries/vitale-order.json', '/intents/0')).toEqual(['"card.vitale" is already answered by entries/ceam.json: one entry per intent']);
  });

  it('fail on schema errors, naming the JSON pointer', () => {
    const problems = planted('entries/ceam.json', (d) => {
      delete (d.content.fr as unknown as Record<string, unknown>).answer;
      (fact(d, 'order') as unknown as Record<string, unknown>).kind = 'number';
      (d as unknown as Record<string, unknown>).colour = 'blue';
    });
    expect(at(problems, 'entries/ceam.json', '/content/fr/answer')).toEqual(['is required']);
    expect(at(problems, 'entries/ceam.json', '/colour')).toEqual(['is not allowed here']);
    expect(at(problems, 'entries/ceam.json', '/facts/order/kind').join()).toContain('must be equal to one of the allowed values');
  });

  it('fail on a file that is not JSON', () => {
    copy = copyKnowledge();
    copy.write('entries/ceam.json', '{ "id": ');
    expect(copy.problems().filter((p) => p.file === 'entries/ceam.json').map((p) => p.message).join()).toContain('not valid JSON');
  });

  it('fail on an answer of more than 6 lines and on a long easy-to-read sentence', () => {
    const problems = planted('entries/ceam.json', (d) => {
      d.content.fr.answer = ['Un.', 'Deux.', 'Trois.', 'Quatre.', 'Cinq.', 'Six.', 'Sept.'].join('\n') + ' '.repeat(20);
      d.content.fr.falc[0] = 'Si vous y allez en mai ou en juin il faut la carte pour vous et pour un ami.';
      d.content.fr.falc[1] = 'Demandez-la. Allez sur le site.';
    });
    expect(at(problems, 'entries/ceam.json', '/content/fr/answer').join()).toContain('7 lines');
    expect(at(problems, 'entries/ceam.json', '/content/fr/falc/0').join()).toContain('words');
    expect(at(problems, 'entries/ceam.json', '/content/fr/falc/1').join()).toContain('one sentence per item');
  });

  it('fail when the English version lacks a fact text or has other steps', () => {
    const problems = planted('entries/password-reset.json', (d) => {
      delete fact(d, 'identification').text.en;
      steps(d, 'en').pop();
    });
    expect(at(problems, 'entries/password-reset.json', '/facts/identification').join()).toContain('text.en');
    expect(at(problems, 'entries/password-reset.json', '/content/en/steps').join()).toContain('3 steps, the French one 4');
  });

  it('fail when the id does not match the file name or an unknown topic is used', () => {
    const problems = planted('entries/ceam.json', (d) => {
      d.id = 'ehic';
      d.topic = 'voyages';
    });
    expect(at(problems, 'entries/ceam.json', '/id').join()).toContain('expected entries/ehic.json');
    expect(at(problems, 'entries/ceam.json', '/topic').join()).toContain('unknown topic "voyages"');
  });

  it('report every problem at once, with file and pointer in the error message', async () => {
    copy = copyKnowledge();
    copy.edit('entries/password-reset.json', (d) => {
      const entry = d as unknown as EntryFile;
      entry.content.fr.answer = entry.content.fr.answer.replace('30 minutes', '24 heures');
    });
    copy.edit('entries/contacts.json', (d) => {
      (d as unknown as EntryFile).related = ['nowhere', 'contacts'];
    });
    const { loadKnowledgeContent } = await import('../../../src/knowledge/loader.js');
    const dir = copy.dir;
    expect(() => loadKnowledgeContent({ dir })).toThrow(/entries\/password-reset\.json#\/content\/fr\/answer: states "24 heures"/);
    expect(() => loadKnowledgeContent({ dir })).toThrow(/entries\/contacts\.json#\/related\/0: unknown entry "nowhere"/);
  });
});
