import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderReply } from '../../../../src/channels/shared/index.js';
import { numberedList } from '../../../../src/channels/shared/render.js';
import type { Reply } from '../../../../src/shared/conversation.js';

const withChoices: Reply = {
  text: 'Que souhaitez-vous faire ?',
  suggestedActions: [
    { title: 'Créer mon compte', value: 'créer mon compte ameli' },
    { title: 'Mot de passe oublié', value: 'mot de passe oublié' },
  ],
  language: 'fr',
};

const withCard: Reply = {
  text: 'Voici la marche à suivre.',
  card: {
    title: 'Réinitialiser le mot de passe',
    text: 'Le lien reçu par e-mail est **valable 30 minutes**.',
    facts: [{ title: 'Valable', value: '30 minutes' }],
    steps: ['Ouvrez le lien', 'Choisissez un mot de passe'],
    actions: [
      { title: 'Recommencer', value: 'recommencer' },
      { title: 'ameli.fr', url: 'https://www.ameli.fr' },
    ],
  },
};

describe('rendering replies as activities', () => {
  it('sends markdown text with the reply language as locale', () => {
    const message = renderReply({ text: '**Bonjour**', language: 'fr' }, { channel: 'directline' });
    expect(message).toEqual({ type: 'message', text: '**Bonjour**', textFormat: 'markdown', locale: 'fr-FR', inputHint: 'acceptingInput' });
  });

  it('gives Web Chat suggested actions as imBack buttons and expects input', () => {
    const message = renderReply(withChoices, { channel: 'directline' });
    expect(message.inputHint).toBe('expectingInput');
    expect(message.suggestedActions?.actions).toEqual([
      { type: 'imBack', title: 'Créer mon compte', value: 'créer mon compte ameli' },
      { type: 'imBack', title: 'Mot de passe oublié', value: 'mot de passe oublié' },
    ]);
    expect(message.attachments).toBeUndefined();
  });

  it('gives Teams suggested actions in a personal chat', () => {
    const message = renderReply(withChoices, { channel: 'msteams', conversationType: 'personal' });
    expect(message.suggestedActions?.actions).toHaveLength(2);
  });

  it('turns suggested actions into card buttons in a Teams group chat, where Teams does not show them', () => {
    const message = renderReply(withChoices, { channel: 'msteams', conversationType: 'groupChat' });
    expect(message.suggestedActions).toBeUndefined();
    const card = message.attachments?.[0]?.content as { actions: unknown[] };
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Créer mon compte', data: { msteams: { type: 'imBack', value: 'créer mon compte ameli' } } },
      { type: 'Action.Submit', title: 'Mot de passe oublié', data: { msteams: { type: 'imBack', value: 'mot de passe oublié' } } },
    ]);
  });

  it('renders a card as an Adaptive Card 1.5 with title, text, facts, numbered steps and buttons', () => {
    const message = renderReply(withCard, { channel: 'directline' });
    expect(message.text).toBe('Voici la marche à suivre.');
    const attachment = message.attachments?.[0];
    expect(attachment?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(attachment?.content).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Réinitialiser le mot de passe', weight: 'Bolder' },
        { type: 'TextBlock', text: 'Le lien reçu par e-mail est **valable 30 minutes**.' },
        { type: 'FactSet', facts: [{ title: 'Valable', value: '30 minutes' }] },
        // One list: a TextBlock per step would render as lists of one item, each numbered "1.".
        { type: 'TextBlock', text: '1. Ouvrez le lien\r2. Choisissez un mot de passe', wrap: true },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Recommencer', data: 'recommencer' },
        { type: 'Action.OpenUrl', title: 'ameli.fr', url: 'https://www.ameli.fr' },
      ],
    });
  });

  it('uses the Teams imBack form for card buttons in Teams and keeps the same content', () => {
    const web = renderReply(withCard, { channel: 'directline' }).attachments?.[0]?.content as { body: unknown; actions: Array<{ data?: unknown }> };
    const teams = renderReply(withCard, { channel: 'msteams', conversationType: 'personal' }).attachments?.[0]?.content as typeof web;
    expect(teams.body).toEqual(web.body);
    expect(teams.actions[0]?.data).toEqual({ msteams: { type: 'imBack', value: 'recommencer' } });
  });

  it('never produces a card version above 1.5', () => {
    for (const channel of ['msteams', 'directline', 'emulator']) {
      const content = renderReply(withCard, { channel }).attachments?.[0]?.content as { version: string };
      expect(Number(content.version)).toBeLessThanOrEqual(1.5);
    }
  });
});

describe('numbered steps', () => {
  it('numbers the steps 1, 2, 3 in one markdown list, one line per step', () => {
    expect(numberedList(['Ouvrez ameli.fr', 'Cliquez sur\n« Mot de passe oublié »', 'Saisissez votre numéro'])).toBe(
      '1. Ouvrez ameli.fr\r2. Cliquez sur « Mot de passe oublié »\r3. Saisissez votre numéro',
    );
  });
});
