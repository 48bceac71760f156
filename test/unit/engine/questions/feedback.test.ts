import { describe, expect, it } from 'vitest';
import { createCopyRenderer } from '../../../../src/engine/copy.js';
import { LOCAL_VALIDATORS } from '../../../../src/engine/local-validators.js';
import { loadDialogs } from '../../../../src/engine/loader.js';
import { createFeedbackQuestion } from '../../../../src/engine/questions/feedback.js';
import { CONTRACT_INTENTS, createFakeKnowledge, fakeValidators } from '../../../support/fake-collaborators.js';

const knowledge = createFakeKnowledge();
const catalog = loadDialogs({ validators: [...Object.keys(fakeValidators), ...Object.keys(LOCAL_VALIDATORS)], intents: CONTRACT_INTENTS, hasFact: (ref) => knowledge.fact(ref) !== undefined });
const question = createFeedbackQuestion(createCopyRenderer(catalog.assistant, knowledge), catalog.assistant, () => new Date('2026-03-02T10:00:00Z'));

describe('the feedback question after a knowledge answer', () => {
  it('is worded, with its buttons, by assistant.json (Oui / Non)', () => {
    expect(question('fr')).toEqual({ text: 'Cette réponse vous a-t-elle aidé ?', suggestedActions: [{ title: 'Oui', value: 'Oui' }, { title: 'Non', value: 'Non' }], language: 'fr' });
  });

  it('is asked in English after an English answer', () => {
    expect(question('en')).toEqual({ text: 'Did this answer help you?', suggestedActions: [{ title: 'Yes', value: 'Yes' }, { title: 'No', value: 'No' }], language: 'en' });
  });

  it('cannot be built without the yes and no buttons of assistant.json', () => {
    const { yes: _yes, ...buttons } = catalog.assistant.buttons;
    expect(() => createFeedbackQuestion(createCopyRenderer(catalog.assistant, knowledge), { ...catalog.assistant, buttons }, () => new Date())).toThrow(/no button "yes"/);
  });
});
