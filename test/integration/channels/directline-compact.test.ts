/**
 * Issue 14, footprint: a Direct Line conversation keeps a compact document (what was said, the
 * reply and a reference to its card), yet GET /activities still gives full Bot Framework
 * activities, as the contract says: the card rendered as an Adaptive Card, the suggested actions,
 * the ids, sender, recipient and timestamps. Only the most recent activities are kept for replay.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectLine } from '../../../src/channels/directline/index.js';
import { unpackDocument } from '../../../src/channels/directline/document-blocks.js';
import { adaptiveCard, createTurnRunner } from '../../../src/channels/shared/index.js';
import { errorHandler } from '../../../src/server/create-app.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import type { Card } from '../../../src/shared/conversation.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { call, TEST_SECRET } from '../../support/assistant-server.js';
import { createScriptedEngine, SCRIPTED_APOLOGY } from '../../support/scripted-engine.js';

const card: Card = {
  title: 'Réinitialiser votre mot de passe',
  steps: ['Ouvrez le lien reçu par e-mail.', 'Choisissez un nouveau mot de passe.'],
  facts: [{ title: 'Valable', value: '30 minutes' }],
  actions: [{ title: 'Ouvrir ameli.fr', url: 'https://www.ameli.fr' }],
};
const clock = createFakeClock('2026-03-02T08:00:00Z');
const kv = createMemoryKeyValueStore({ clock });
const engine = createScriptedEngine({
  answer: (input) =>
    input.text === 'carte'
      ? [{ text: 'Voici comment faire.', card, suggestedActions: [{ title: 'Merci', value: 'merci' }], language: 'fr' }]
      : [{ text: `Vous avez dit : ${input.text}` }],
});
let listener: Server;
let dl: string;
beforeAll(async () => {
  const directLine = createDirectLine({ store: kv, clock, logger: createSilentLogger(), runner: createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createSilentLogger() }), secret: TEST_SECRET, replayWindow: 20 });
  const app = express();
  app.use(directLine.router);
  app.use(errorHandler(createSilentLogger()));
  listener = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  dl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(() => listener.close());

async function open() {
  const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
  const { token, conversationId } = body as { token: string; conversationId: string };
  const post = (text: string, id: string) => call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x', name: 'Julie' }, text, channelData: { clientActivityID: id } } });
  const page = async (watermark = 0) => (await call(`${dl}/conversations/${conversationId}/activities?watermark=${watermark}`, { auth: token })).body as { activities: Array<Record<string, unknown>>; watermark: string };
  return { conversationId, post, page };
}

describe('Direct Line stores conversations compactly', () => {
  it('gives back full activities: the card as an Adaptive Card, the buttons, ids, sender, recipient and times', async () => {
    const c = await open();
    const { body } = await c.post('carte', 'web-1');
    const { activities } = await c.page(1);
    const [message, reply] = activities;
    expect(message).toEqual({
      type: 'message',
      id: body.id,
      timestamp: '2026-03-02T08:00:00.000Z',
      channelId: 'directline',
      conversation: { id: c.conversationId },
      from: { id: expect.stringMatching(/^dl_/), name: 'Julie', role: 'user' },
      recipient: { id: 'ameli-assistant', name: 'Assistant Assurance Maladie', role: 'bot' },
      text: 'carte',
      channelData: { clientActivityID: 'web-1' },
    });
    expect(reply).toMatchObject({
      type: 'message',
      id: `${c.conversationId}|0000002`,
      replyToId: body.id,
      text: 'Voici comment faire.',
      textFormat: 'markdown',
      locale: 'fr-FR',
      inputHint: 'expectingInput',
      suggestedActions: { actions: [{ type: 'imBack', title: 'Merci', value: 'merci' }] },
      attachments: [adaptiveCard(card, { teams: false, language: 'fr' })],
      from: { id: 'ameli-assistant', role: 'bot' },
      recipient: { id: (message as { from: { id: string } }).from.id, role: 'user' },
    });
  });

  it('keeps a reference to the card, not the card, in the compressed document', async () => {
    const c = await open();
    await c.post('carte', 'web-2');
    const doc = unpackDocument<unknown, Record<string, unknown>>((await kv.getBlob(`dl:{directline/${c.conversationId}}`))!);
    const stored = doc.e.at(-1)!;
    expect(stored).toMatchObject({ k: 'b', t: 'Voici comment faire.', s: [['Merci', 'merci']], cr: expect.any(String) });
    expect(JSON.stringify(doc)).not.toContain('30 minutes');
    expect(await kv.get(`dl:card:${String(stored.cr)}`)).toEqual(card);
  });

  it('shows the text alone when a card is no longer kept', async () => {
    const c = await open();
    await c.post('carte', 'web-3');
    for (const key of await kv.keys('dl:card:')) await kv.delete(key);
    // A card already read stays known to this process: a second Direct Line on the same store has never seen it.
    const other = createDirectLine({ store: kv, clock, logger: createSilentLogger(), runner: createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createSilentLogger() }), secret: TEST_SECRET });
    const app = express();
    app.use(other.router);
    const second: Server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => second.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
      const { body } = await call(`${url}/conversations/${c.conversationId}/activities?watermark=2`, { auth: TEST_SECRET });
      const [reply] = body.activities as Array<Record<string, unknown>>;
      expect(reply).toMatchObject({ text: 'Voici comment faire.', suggestedActions: { actions: [{ title: 'Merci' }] } });
      expect(reply!.attachments).toBeUndefined();
    } finally {
      second.close();
    }
  });

  it('keeps the most recent activities for replay: an old watermark reads from the oldest kept, ids go on', async () => {
    const c = await open();
    for (let i = 0; i < 15; i++) expect((await c.post(`m${i}`, `w-${i}`)).status).toBe(200);
    const { activities, watermark } = await c.page(0);
    expect(activities).toHaveLength(20);
    expect(activities[0]!.id).toBe(`${c.conversationId}|0000011`);
    expect(activities.at(-1)).toMatchObject({ text: 'Vous avez dit : m14', id: `${c.conversationId}|0000030` });
    expect(watermark).toBe('31');
    // A retry of a message still in the window is recognised; the conversation counts all it held.
    expect((await c.post('m14', 'w-14')).body.id).toBe(`${c.conversationId}|0000029`);
  });
});
