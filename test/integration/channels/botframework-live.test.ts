/**
 * A live exchange with an advisor on the Bot Framework channel (Teams, the Emulator): the
 * advisor's messages are proactive messages sent with the stored conversation reference, and the
 * person's messages go to the advisor without an answer from the assistant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startAssistant, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector.js';

const engine = createScriptedEngine();
let connector: FakeConnector;
let server: RunningAssistant;

beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startAssistant({ engine });
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

let seq = 0;
const message = (conversationId: string, text: string) => {
  seq += 1;
  return {
    type: 'message',
    id: `live-${seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: 'user-29', name: 'Inès' },
    recipient: { id: 'bot-1', name: 'Assistant' },
    conversation: { id: conversationId, conversationType: 'personal' },
    text,
  };
};
const sent = (conversationId: string) => connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(conversationId)}/activities`)).map((c) => c.body.text);

describe('Bot Framework: live exchange with an advisor', () => {
  it("sends the advisor's messages with the stored conversation reference, and passes the person's to the advisor", async () => {
    const conversationId = 'a:1teams-conversation';
    await call(`${server.url}/api/messages`, { body: message(conversationId, 'je veux un conseiller') });
    expect(sent(conversationId)).toEqual(['Vous avez dit : je veux un conseiller']);

    const { handoffs, live } = server.assistant.services;
    const request = await handoffs.create({ conversationId, channel: 'msteams', topic: 'mes.activate', reason: 'user_asked', transcript: [], mode: 'live' });
    await live.take(request.id, 'Nadia', 'conseillère');
    expect(sent(conversationId).at(-1)).toMatch(/^\*\*Nadia, conseillère\*\* vous répond maintenant/);
    // A proactive message (botbuilder's continuation), not a reply to an activity of the person.
    const proactive = connector.calls.at(-1)!;
    expect(proactive.path.startsWith(`/v3/conversations/${encodeURIComponent(conversationId)}/activities`)).toBe(true);
    expect(proactive.path).not.toMatch(/live-\d+$/);
    expect(proactive.body).toMatchObject({ type: 'message', textFormat: 'markdown', conversation: { id: conversationId } });

    const turns = engine.turns.length;
    const callsBefore = connector.calls.length;
    expect((await call(`${server.url}/api/messages`, { body: message(conversationId, 'merci, mon code ne marche pas') })).status).toBe(200);
    expect(engine.turns.length).toBe(turns);
    expect(connector.calls.slice(callsBefore)).toEqual([]);
    expect((await handoffs.lines(request.id)).lines.map((l) => l.text)).toEqual(['merci, mon code ne marche pas']);

    await live.fromAdvisor(request.id, 'Je vous envoie un nouveau code.');
    expect(sent(conversationId).at(-1)).toBe('**Nadia, conseillère :** Je vous envoie un nouveau code.');
    await live.close(request.id);
    expect(sent(conversationId).at(-1)).toMatch(/a terminé l'échange/);
    await call(`${server.url}/api/messages`, { body: message(conversationId, 'et maintenant ?') });
    expect(engine.turns.at(-1)?.text).toBe('et maintenant ?');
  });

  it('tells the advisor when a conversation is unknown to the channel (no reference): 502', async () => {
    const { handoffs, live } = server.assistant.services;
    const request = await handoffs.create({ conversationId: 'never-seen', channel: 'msteams', topic: 'mes.info', reason: 'user_asked', transcript: [], mode: 'live' });
    await live.take(request.id, 'Nadia');
    await expect(live.fromAdvisor(request.id, 'bonjour')).rejects.toMatchObject({ status: 502 });
  });
});
