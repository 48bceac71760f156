/**
 * The rules behind the coverage map of the sources, on small planted cases: what is factual, what
 * a passage covers, what an exclusion may hold. The real map is a content gate
 * (test/content/knowledge-coverage.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { factualReasons, isFactual, loadExclusions, mapCoverage, segmentSource, type Exclusion, type QuotedPassage } from '../../../src/knowledge/index.js';
import { copyKnowledge } from '../../support/knowledge.js';

describe('segmentation', () => {
  it('cuts lines into sentences and list items, with their line numbers', () => {
    const units = segmentSource('x.txt', "Titre\n\n- un élément\nPremière phrase. Deuxième phrase ? Oui.\n  \n---\n");
    expect(units.map((u) => [u.line, u.text])).toEqual([
      [1, 'Titre'],
      [3, '- un élément'],
      [4, 'Première phrase.'],
      [4, 'Deuxième phrase ?'],
      [4, 'Oui.'],
    ]);
  });
});

describe('what is factual', () => {
  it.each([
    ["Ce code n'est valable que 15 min", 'duration'],
    ['Plateforme en Anglais : 09 74 75 36 46', 'phone'],
    ['Service gratuit + prix appel', 'price'],
    ["L'identifiant ne peut pas être une adresse e-mail.", 'rule'],
    ['51 540 159', 'figure'],
    ['Par mail : secretariat.ces.cpam-loire@assurance-maladie.fr', 'address'],
  ])('"%s" states a %s', (text, reason) => {
    expect(factualReasons(text)).toContain(reason);
  });

  it.each(['Sommaire', 'Étape 4 - Créer le compte', 'OUTILS SUR LE COMPTE AMELI 1/3', 'Valider\tEx: 034567', 'LE SITE AMSS42', 'VISITE GUIDÉE DU SITE AMELI.FR'])('"%s" states no fact', (text) => {
    expect(isFactual(text)).toBe(false);
  });
});

describe('mapping rules', () => {
  const doc = {
    file: '009_0000000000000000.txt',
    title: 'test',
    text: ['Sommaire', 'Le lien est valable **30 minutes**.', 'Bonjour et bienvenue à tous.', 'Le code est valable 15 minutes.', 'Appelez le 3646.', 'Le lien est valable 30 minutes.'].join('\n'),
  };
  const quoted: QuotedPassage[] = [{ file: doc.file, passage: 'Le lien est valable 30 minutes.', by: 'entry.fact' }];

  it('covers a unit spanned by a quoted passage (markdown aside), and the same words elsewhere', () => {
    const report = mapCoverage([doc], quoted, []);
    const statuses = report.units.map((u) => [u.line, u.status.kind]);
    expect(statuses).toEqual([
      [1, 'uncovered'],
      [2, 'covered'],
      [3, 'uncovered'],
      [4, 'uncovered'],
      [5, 'uncovered'],
      [6, 'covered'],
    ]);
    expect(report.totals).toMatchObject({ factual: 4, factualCovered: 2, factualRate: 0.5 });
  });

  it('excludes non-factual units with their reason, and refuses an exclusion that holds a figure', () => {
    const exclusions: Exclusion[] = [
      { file: doc.file, passage: 'Sommaire', reason: 'slide-heading' },
      { file: doc.file, passage: 'Bonjour et bienvenue à tous. Le code est valable 15 minutes.', reason: 'closing' },
    ];
    const report = mapCoverage([doc], quoted, exclusions);
    expect(report.units[0]?.status).toEqual({ kind: 'excluded', reason: 'slide-heading' });
    expect(report.units[2]?.status).toEqual({ kind: 'excluded', reason: 'closing' });
    expect(report.units[3]?.status.kind).toBe('uncovered');
    expect(report.problems).toEqual([{ exclusion: 1, message: expect.stringContaining('cannot be "closing"') as string }]);
  });

  it('lets sample values out of the factual count only as example-data with a note', () => {
    const sample = { ...doc, text: 'Ex. de courrier\n98 RUE DES ADRESSSSSE\n69100 VILLEURBANNE' };
    const withNote = mapCoverage([sample], [], [{ file: doc.file, passage: '98 RUE DES ADRESSSSSE 69100 VILLEURBANNE', reason: 'example-data', note: 'the sample letter' }]);
    expect(withNote.problems).toEqual([]);
    expect(withNote.totals.factual).toBe(0);
    const withoutNote = mapCoverage([sample], [], [{ file: doc.file, passage: '98 RUE DES ADRESSSSSE 69100 VILLEURBANNE', reason: 'example-data' }]);
    expect(withoutNote.problems).toHaveLength(2);
  });

  it('reports an exclusion that is not quoted word for word', () => {
    const report = mapCoverage([doc], [], [{ file: doc.file, passage: 'Une phrase absente', reason: 'closing' }]);
    expect(report.problems[0]?.message).toContain('not in');
  });
});

describe('the exclusion file', () => {
  it('is checked by its schema: an unknown reason stops the load with the file and pointer', () => {
    const copy = copyKnowledge();
    try {
      copy.edit('coverage/excluded.json', (data) => {
        (data.excluded as Array<Record<string, unknown>>)[0]!.reason = 'boring';
      });
      expect(() => loadExclusions(copy.dir)).toThrow(/coverage\/excluded\.json#\/excluded\/0\/reason/);
    } finally {
      copy.remove();
    }
  });
});
