import { describe, expect, it } from 'vitest';
import { createCopyRenderer } from '../../../../src/engine/copy.js';
import { LOCAL_VALIDATORS } from '../../../../src/engine/local-validators.js';
import { loadDialogs } from '../../../../src/engine/loader.js';
import { askingFeedback } from '../../../../src/engine/questions/feedback.js';
import { CONTRACT_INTENTS, fakeValidators } from '../../../support/engine-fakes.js';
import { realKnowledgeBase } from '../../../support/knowledge.js';

const kb = realKnowledgeBase();
const catalog = loadDialogs({ validators: [...Object.keys(fakeValidators), ...Object.keys(LOCAL_VALIDATORS)], intents: CONTRACT_INTENTS, hasFact: (ref) => kb.fact(ref) !== undefined });
const asking = askingFeedback(kb, createCopyRenderer(catalog.assistant, kb), catalog.assistant, () => new Date('2026-03-02T10:00:00Z'));

describe('the feedback question after a knowledge answer', () => {
  it('follows the answer, in the words and buttons of assistant.json (Oui / Non)', () => {
    const replies = asking.render('password-reset', { language: 'fr' });
    expect(replies).toHaveLength(2);
    expect(replies[0]).toEqual(kb.render('password-reset', { language: 'fr' })[0]);
    expect(replies[1]).toEqual({ text: 'Cette réponse vous a-t-elle aidé ?', suggestedActions: [{ title: 'Oui', value: 'Oui' }, { title: 'Non', value: 'Non' }], language: 'fr' });
  });

  it('is asked in English after an English answer', () => {
    const [, feedback] = asking.render('contacts', { language: 'en' });
    expect(feedback!.text).toBe('Did this answer help you?');
    expect(feedback!.suggestedActions!.map((a) => a.value)).toEqual(['Yes', 'No']);
  });

  it('follows an FAQ answer too', () => {
    const entry = kb.entries().find((e) => (e.content.fr.faq ?? []).length > 0)!;
    const faq = entry.content.fr.faq![0]!;
    const replies = asking.renderFaq!(entry.id, faq.id, { language: 'fr' });
    expect(replies.at(-1)!.text).toBe('Cette réponse vous a-t-elle aidé ?');
    expect(replies).toHaveLength(kb.renderFaq!(entry.id, faq.id, { language: 'fr' }).length + 1);
  });

  it('is left out when the answer is given without it (during a procedure, the easy-to-read repeat)', () => {
    expect(asking.render('mes-documents', { language: 'fr', askFeedback: false })).toEqual(kb.render('mes-documents', { language: 'fr', askFeedback: false }));
  });
});
