import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTurnRunner } from '../../../../src/channels/shared/index.js';
import { formatReplies, runChatSession } from '../../../../src/channels/terminal/index.js';
import { createSilentLogger } from '../../../../src/shared/logger.js';
import { createSequentialIds } from '../../../../src/shared/ids.js';
import { createScriptedEngine, SCRIPTED_APOLOGY } from '../../../support/scripted-engine.js';

describe('terminal formatting', () => {
  it('lists a button once when a card and the suggestions, or two replies, offer it', () => {
    const { text, choices } = formatReplies([
      { text: 'Voici ce que je peux faire :', suggestedActions: [{ title: 'Activer Mon espace santé', value: 'Activer Mon espace santé' }, { title: 'Nous contacter', value: 'contact' }] },
      {
        text: 'Vouliez-vous parler de : Activer Mon espace santé ?',
        card: { actions: [{ title: 'Nous contacter', value: 'contact' }] },
        suggestedActions: [{ title: 'Activer Mon espace santé', value: 'mes.activate' }],
      },
    ]);
    expect(choices).toEqual([
      { title: 'Activer Mon espace santé', value: 'Activer Mon espace santé' },
      { title: 'Nous contacter', value: 'contact' },
    ]);
    expect(text.match(/^ {2}\d+\. /gm)).toHaveLength(2);
  });

  it('numbers suggested actions and card buttons as choices, and makes markdown readable', () => {
    const { text, choices } = formatReplies([
      {
        text: 'Voici **la marche à suivre** sur [ameli.fr](https://www.ameli.fr).',
        card: {
          title: 'Mot de passe',
          facts: [{ title: 'Lien valable', value: '30 minutes' }],
          steps: ['Ouvrez le lien', 'Choisissez un mot de passe'],
          actions: [
            { title: 'Recommencer', value: 'recommencer' },
            { title: 'Site', url: 'https://www.ameli.fr' },
          ],
        },
        suggestedActions: [{ title: 'Autre question', value: 'autre question' }],
      },
    ]);
    expect(text).toBe(
      [
        'Assistant : Voici la marche à suivre sur ameli.fr (https://www.ameli.fr).',
        '  ┌ Mot de passe',
        '  │ Lien valable : 30 minutes',
        '  │ 1. Ouvrez le lien',
        '  │ 2. Choisissez un mot de passe',
        '  │ Site : https://www.ameli.fr',
        '  1. Recommencer',
        '  2. Autre question',
      ].join('\n'),
    );
    expect(choices).toEqual([
      { title: 'Recommencer', value: 'recommencer' },
      { title: 'Autre question', value: 'autre question' },
    ]);
  });
});

async function session(lines: string, engine = createScriptedEngine()) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => (text += c.toString()));
  input.end(lines);
  await runChatSession({ runner: createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createSilentLogger() }), input, output, ids: createSequentialIds('t') });
  return { text, engine };
}

describe('terminal chat session', () => {
  it('shows the welcome, answers each line in order, and stops at /quitter', async () => {
    const { text, engine } = await session('bonjour\nau revoir\n/quitter\nignored\n');
    expect(text).toContain('Assistant : Bienvenue');
    expect(text.indexOf('vous › bonjour')).toBeLessThan(text.indexOf('Assistant : Vous avez dit : bonjour'));
    expect(text).toContain('Assistant : Vous avez dit : au revoir');
    expect(engine.turns.map((t) => t.text)).toEqual(['bonjour', 'au revoir']);
    expect(engine.turns[0]).toMatchObject({ channel: 'terminal', userId: 'terminal-t-1', conversationId: 't-2' });
  });

  it('sends the value of a numbered choice', async () => {
    const engine = createScriptedEngine({ welcome: [{ text: 'Que voulez-vous ?', suggestedActions: [{ title: 'Compte', value: 'mon compte ameli' }, { title: 'Carte', value: 'ma carte vitale' }] }] });
    const { text } = await session('2\n', engine);
    expect(text).toContain('  2. Carte');
    expect(engine.turns[0]?.text).toBe('ma carte vitale');
  });

  it('starts a new conversation with /nouveau and ends at the end of the input', async () => {
    const { text, engine } = await session('un\n/nouveau\ndeux');
    expect(engine.welcomes).toHaveLength(2);
    expect(engine.turns[0]?.conversationId).not.toBe(engine.turns[1]?.conversationId);
    expect(text).toContain('— Nouvelle conversation —');
  });
});
