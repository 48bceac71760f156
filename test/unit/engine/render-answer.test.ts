import { describe, expect, it } from 'vitest';
import { createCopyRenderer } from '../../../src/engine/copy.js';
import { LOCAL_VALIDATORS } from '../../../src/engine/local-validators.js';
import { loadDialogs } from '../../../src/engine/loader.js';
import { createAnswerReplies, entryReply, faqReply } from '../../../src/engine/render-answer.js';
import type { EntryAnswer } from '../../../src/knowledge/types.js';
import { CONTRACT_INTENTS, fakeValidators } from '../../support/fake-collaborators.js';
import { realKnowledgeBase } from '../../support/knowledge.js';

const kb = realKnowledgeBase();
const catalog = loadDialogs({ validators: [...Object.keys(fakeValidators), ...Object.keys(LOCAL_VALIDATORS)], intents: CONTRACT_INTENTS, hasFact: (ref) => kb.fact(ref) !== undefined });
const answers = createAnswerReplies(kb, createCopyRenderer(catalog.assistant, kb), catalog.assistant, () => new Date('2026-03-02T10:00:00Z'));
const FEEDBACK_FR = { text: 'Cette réponse vous a-t-elle aidé ?', suggestedActions: [{ title: 'Oui', value: 'Oui' }, { title: 'Non', value: 'Non' }], language: 'fr' };

describe('a knowledge answer as chat replies', () => {
  it('says the answer with its related entries as 2 to 4 buttons, then asks whether it helped', () => {
    const replies = answers.entry('password-reset', { language: 'fr', askFeedback: true });
    expect(replies).toHaveLength(2);
    const [answer, feedback] = replies;
    expect(answer!.text).toContain('valable 30 minutes');
    expect(answer!.suggestedActions!.length).toBeGreaterThanOrEqual(2);
    expect(answer!.suggestedActions!.length).toBeLessThanOrEqual(4);
    expect(answer!.suggestedActions![0]).toEqual({ title: 'Aide à la connexion', value: "Je n'arrive pas à me connecter à mon compte ameli" });
    expect(feedback).toEqual(FEEDBACK_FR);
  });

  it('puts the key facts and the steps in a card, and keeps the related entries reachable as card buttons when the question follows', () => {
    const [answer] = answers.entry('password-reset', { language: 'fr', askFeedback: true });
    expect(answer!.card!.title).toBe('Mot de passe du compte ameli oublié');
    expect(answer!.card!.facts).toContainEqual({ title: 'Validité du lien de réinitialisation', value: '30 minutes' });
    expect(answer!.card!.steps).toHaveLength(4);
    expect(answer!.card!.actions!.map((a) => a.value)).toEqual(answer!.suggestedActions!.map((s) => s.value));
  });

  it('keeps the related entries as suggested actions only, and asks nothing, when no question follows (during a procedure)', () => {
    const replies = answers.entry('mes-documents', { language: 'fr', askFeedback: false });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.suggestedActions!.length).toBeGreaterThanOrEqual(2);
    expect(replies[0]!.card!.actions).toBeUndefined();
  });

  it('shows the easy-to-read variant without the table of facts', () => {
    const [answer] = answers.entry('mes-provisional-code', { language: 'fr', variant: 'falc', askFeedback: false });
    expect(answer!.text.split('\n')).toContain('Il a 12 caractères.');
    expect(answer!.card!.facts).toBeUndefined();
  });

  it('asks in English after an English answer', () => {
    const [answer, feedback] = answers.entry('contacts', { language: 'en', askFeedback: true });
    expect(answer!.language).toBe('en');
    expect(answer!.suggestedActions![0]!.title).toBe('Contact Mon espace santé');
    expect(feedback!.text).toBe('Did this answer help you?');
    expect(feedback!.suggestedActions!.map((a) => a.value)).toEqual(['Yes', 'No']);
  });

  it('says in English, in the words of assistant.json, that an answer exists in French only', () => {
    const french: EntryAnswer = { entryId: 'ceam', title: 'CEAM', text: 'La carte européenne…', language: 'fr', frenchOnly: true, facts: [], followUps: [], sources: [] };
    const note = catalog.assistant.messages.frenchOnly!.en;
    const reply = entryReply(french, { askFeedback: false, frenchOnlyNote: note });
    expect(reply.text.split('\n')).toEqual(['This answer is only available in French:', 'La carte européenne…']);
    expect(reply).toMatchObject({ language: 'fr', card: { title: 'CEAM' } });
    expect(reply.suggestedActions).toBeUndefined();
  });

  it('says an FAQ item with the way to its whole entry, on a card too when the question follows', () => {
    const entry = kb.entries().find((e) => (e.content.fr.faq ?? []).length > 0)!;
    const item = entry.content.fr.faq![0]!;
    const way = { title: entry.content.fr.action, value: entry.content.fr.ask ?? entry.content.fr.questions[0]! };
    const replies = answers.faq!(entry.id, item.id, { language: 'fr', askFeedback: true });
    expect(replies).toEqual([{ text: item.answer, language: 'fr', card: { title: entry.content.fr.title, actions: [way] }, suggestedActions: [way] }, FEEDBACK_FR]);
    expect(faqReply(kb.answerFaq(entry.id, item.id, 'fr'), { askFeedback: false })).toEqual({ text: item.answer, language: 'fr', suggestedActions: [way] });
  });
});
