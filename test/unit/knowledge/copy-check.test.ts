import { describe, expect, it } from 'vitest';
import { checkCopy } from '../../../src/knowledge/copy-check.js';
import { realContent, realKnowledgeBase } from '../../support/knowledge.js';

const sources = realContent().sources;

describe('copy check (for dialog prompts and any other copy)', () => {
  it('accepts figures that the sources state', () => {
    expect(checkCopy('Le lien est valable 30 minutes. Appelez le 3646 ou le 09 74 75 36 46.', { sources })).toEqual([]);
    expect(checkCopy('Votre code provisoire a 12 caractères et vaut 1 mois.', { sources })).toEqual([]);
  });

  it('flags a delay or a phone number that no source states', () => {
    const problems = checkCopy('Le lien est valable 24 heures. Appelez le 3647.', { sources });
    expect(problems.map((p) => p.figure)).toEqual(['24 heures', '3647']);
    expect(problems[0]!.message).toContain('not stated in any source document');
  });

  it('accepts format figures the caller allows on purpose, and only those', () => {
    const text = 'Votre numéro a 13 chiffres, plus une clé de 2 chiffres. Le code a 6 chiffres.';
    const allow = [
      { value: 13, unit: 'digit' as const },
      { value: 2, unit: 'digit' as const },
    ];
    expect(checkCopy(text, { sources, allow }).map((p) => p.figure)).toEqual(['6 chiffres']);
    expect(realKnowledgeBase().checkCopy(text, { allow }).map((p) => p.figure)).toEqual(['6 chiffres']);
  });

  it('skips placeholders, and checks {{fact:…}} references when it can resolve them', () => {
    const kb = realKnowledgeBase();
    expect(kb.checkCopy('Le lien est valable {{fact:password-reset.link_validity}}, {{slot.firstName}}.')).toEqual([]);
    expect(kb.checkCopy('Valable {{fact:password-reset.validity}}.').map((p) => p.message)).toEqual([
      'unknown fact "password-reset.validity" (write {{fact:<entryId>.<factKey>}} of a knowledge fact)',
    ]);
    // Without a fact lookup, placeholders are only skipped.
    expect(checkCopy('Valable {{fact:nope.nope}}.', { sources })).toEqual([]);
  });

  it('passes on every text of the knowledge base', () => {
    const kb = realKnowledgeBase();
    for (const entry of kb.entries()) {
      for (const content of [entry.content.fr, entry.content.en]) {
        if (!content) continue;
        for (const text of [content.answer, ...content.falc, ...(content.steps ?? [])]) expect(kb.checkCopy(text), `${entry.id}: ${text}`).toEqual([]);
      }
    }
  });
});
