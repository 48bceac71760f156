/**
 * The real knowledge content: it loads (schema and consistency checks pass — this is the CI check),
 * covers the contract's intents, and states the sources' figures exactly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/shared/paths.js';
import { realContent, realKnowledgeBase } from '../support/knowledge.js';

const intents = JSON.parse(readFileSync(fromRoot('knowledge/contract/intents.json'), 'utf8')) as { intents: Array<{ name: string; kind: string }> };

describe('knowledge content', () => {
  it('loads: every file matches its schema and passes the consistency checks', () => {
    expect(realContent().entries.length).toBeGreaterThanOrEqual(30);
  });

  it('answers every knowledge intent of the contract, and the flow intents with the facts behind them', () => {
    const kb = realKnowledgeBase();
    const expected = intents.intents.filter((i) => i.kind === 'knowledge' || (i.kind === 'flow' && i.name !== 'handoff.agent'));
    for (const intent of expected) expect(kb.entryForIntent(intent.name), intent.name).toBeDefined();
  });

  it.each([
    ['password-reset.link_validity', '30 minutes'],
    ['mes-provisional-code.code_length', '12 caractères'],
    ['mes-provisional-code.validity', '1 mois à partir de la réception'],
    ['mes-login.access_code_validity', '15 minutes'],
    ['mes-activation.code_validity', 'valable 15 minutes'],
    ['mes-activation.identifier_min_length', '8 caractères minimum, pas une adresse e-mail'],
    ['mes-activation.vitale_serial', 'les 11 derniers chiffres'],
    ['mes-documents.max_size', '5 Mo'],
    ['mes-documents.formats', 'JPEG, JPG, PDF, PNG, RTF, TIF, TIFF et TXT'],
    ['contacts.phone', '3646'],
    ['contacts.phone_price', 'service gratuit + prix appel'],
    ['contacts.phone_english', '09 74 75 36 46'],
    ['contacts.phone_abroad', '0033 974 75 36 46'],
    ['mes-contact.phone', '3422'],
    ['mes-opposition.delay_workshop', '6 semaines après la réception du mail ou du courrier'],
    ['mes-opposition.delay_training', "1 mois et 10 jours après l'envoi du courrier"],
    ['mes-opposition.delay_letter', '1 mois à partir de la réception du courrier'],
  ])('states %s as "%s", the figure of the sources', (ref, text) => {
    expect(realKnowledgeBase().fact(ref)).toBe(text);
  });

  it('says plainly that the sources disagree on the opposition delay, naming each', () => {
    const answer = realKnowledgeBase().entry('mes-opposition')!.content.fr.answer;
    expect(answer).toContain('ne donnent pas le même délai');
    expect(answer).toMatch(/tutoriel d'atelier : 6 semaines après la réception/);
    expect(answer).toMatch(/courrier envoyé à l'assuré : création automatique 1 mois après sa réception/);
    expect(answer).toMatch(/formation de l'Assurance Maladie : création automatique 1 mois et 10 jours après l'envoi du courrier/);
    const files = (key: string) => realKnowledgeBase().factDetails(`mes-opposition.${key}`)!.sources.map((s) => s.file);
    expect(files('delay_workshop')).toEqual(['002_1386bff847b76b60.txt', '002_1386bff847b76b60.txt']);
    expect(files('delay_training')).toEqual(['004_321539c14229f330.txt']);
    expect(files('delay_letter')).toEqual(['004_321539c14229f330.txt']);
  });

  it('says who cannot have a compte ameli: dependants, AME, NIA numbers starting with 7 or 8', () => {
    const answer = realKnowledgeBase().entry('account-eligibility')!.content.fr.answer;
    expect(answer).toMatch(/ayants droit/);
    expect(answer).toMatch(/AME/);
    expect(answer).toMatch(/NIA, qui commence par 7 ou 8/);
  });

  it('has an English version of every entry, and English labels and texts for every fact', () => {
    for (const entry of realContent().entries) {
      expect(entry.content.en, entry.id).toBeDefined();
      for (const [key, fact] of entry.facts) {
        expect(fact.label.en, `${entry.id}.${key} label`).toBeDefined();
        expect(fact.text.en, `${entry.id}.${key} text`).toBeDefined();
      }
    }
  });

  it('gives steps for every procedure and an easy-to-read variant for every entry', () => {
    for (const entry of realContent().entries) {
      if (entry.kind === 'procedure') expect(entry.content.fr.steps?.length, entry.id).toBeGreaterThanOrEqual(2);
      expect(entry.content.fr.falc.length, entry.id).toBeGreaterThanOrEqual(3);
    }
  });

  const shared = [fromRoot('..', 'shared'), fromRoot('..', '..', 'shared')].find((d) => existsSync(join(d, 'sources')));
  if (!shared) console.warn('[skip] ../shared/sources is not beside this clone: the copies in knowledge/sources are not compared with it');
  it.runIf(shared)('keeps byte-identical copies of the shared sources and intents', () => {
    for (const file of readdirSync(join(shared!, 'sources'))) {
      expect(readFileSync(fromRoot('knowledge/sources', file), 'utf8'), file).toBe(readFileSync(join(shared!, 'sources', file), 'utf8'));
    }
    expect(readFileSync(fromRoot('knowledge/contract/intents.json'), 'utf8')).toBe(readFileSync(join(shared!, 'contract', 'intents.json'), 'utf8'));
  });
});

describe('knowledge documentation', () => {
  it('lists every figure a dialog can reference as {{fact:…}} in knowledge/README.md', () => {
    const readme = readFileSync(fromRoot('knowledge/README.md'), 'utf8');
    for (const entry of realKnowledgeBase().entries()) {
      for (const fact of entry.facts.values()) {
        if (['quantity', 'phone', 'url'].includes(fact.kind)) expect(readme, `${entry.id}.${fact.key}`).toContain(`| \`${entry.id}.${fact.key}\``);
      }
    }
  });
});
