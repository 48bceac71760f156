/** POST /api/messages: Emulator mode against a fake connector, and JWT authentication when an app id is set. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startAssistant, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector.js';
import { loadAssistantMessage } from '../../../src/engine/index.js';

/** What every channel says when a turn fails: the engine's apology, from dialogs/assistant.json. */
const APOLOGY = loadAssistantMessage('error');

const engine = createScriptedEngine({
  welcome: [{ text: 'Bonjour !', suggestedActions: [{ title: 'Mon compte', value: 'mon compte' }] }],
  answer: (input) => {
    if (input.text === 'panne') throw new Error('engine down');
    return [{ text: `Vous avez dit : ${input.text}`, suggestedActions: [{ title: 'Oui', value: 'oui' }] }];
  },
});
let connector: FakeConnector;
let server: RunningAssistant;
let seq = 0;

beforeAll(async () => {
  connector = await startFakeConnector();
  server = await startAssistant({ engine });
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

function activity(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    type: 'message',
    id: `act-${seq}`,
    channelId: 'emulator',
    serviceUrl: connector.url,
    from: { id: 'user-1', name: 'Inès' },
    recipient: { id: 'bot-1', name: 'Assistant' },
    conversation: { id: `conv-${seq}` },
    text: 'bonjour',
    ...overrides,
  };
}

const post = (body: unknown, auth?: string) => call(`${server.url}/api/messages`, { body, ...(auth ? { auth } : {}) });
const repliesTo = (conversationId: string) => connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/${conversationId}/activities`));

describe('Bot Framework endpoint in Emulator mode (no MicrosoftAppId)', () => {
  it('answers a message by posting the reply to the activity serviceUrl', async () => {
    const a = activity();
    const res = await post(a);
    expect(res.status).toBe(200);
    const [reply] = repliesTo(a.conversation.id);
    expect(reply?.path).toBe(`/v3/conversations/${a.conversation.id}/activities/${a.id}`);
    expect(reply?.authorization).toBeUndefined();
    expect(reply?.body).toMatchObject({
      type: 'message',
      text: 'Vous avez dit : bonjour',
      textFormat: 'markdown',
      replyToId: a.id,
      recipient: { id: 'user-1' },
      suggestedActions: { actions: [{ type: 'imBack', title: 'Oui', value: 'oui' }], to: ['user-1'] },
    });
    expect(engine.turns.at(-1)).toMatchObject({ text: 'bonjour', userId: 'user-1', conversationId: a.conversation.id, channel: 'emulator' });
  });

  it('welcomes a person added to the conversation, not the bot', async () => {
    const both = activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: 'user-1' }, { id: 'bot-1' }] });
    await post(both);
    expect(repliesTo(both.conversation.id).map((c) => c.body.text)).toEqual(['Bonjour !']);
    expect(engine.welcomes.at(-1)).toMatchObject({ userId: 'user-1', conversationId: both.conversation.id, channel: 'emulator' });

    const botOnly = activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: 'bot-1' }] });
    expect((await post(botOnly)).status).toBe(200);
    expect(repliesTo(botOnly.conversation.id)).toEqual([]);
  });

  it('passes a card submit value through to the engine', async () => {
    await post(activity({ text: undefined, value: { action: 'confirm', choice: 'oui' } }));
    expect(engine.turns.at(-1)).toMatchObject({ text: '', value: { action: 'confirm', choice: 'oui' } });
  });

  it('removes the bot mention in Teams and shows buttons in a card in a group chat', async () => {
    const a = activity({
      channelId: 'msteams',
      text: '<at>Assistant</at> bonjour',
      conversation: { id: 'teams-group-1', conversationType: 'groupChat' },
      entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: 'Assistant' }, text: '<at>Assistant</at>' }],
    });
    await post(a);
    expect(engine.turns.at(-1)?.text).toBe('bonjour');
    const [reply] = repliesTo('teams-group-1');
    expect(reply?.body.suggestedActions).toBeUndefined();
    expect(reply?.body.attachments).toMatchObject([{ contentType: 'application/vnd.microsoft.card.adaptive', content: { version: '1.5', actions: [{ type: 'Action.Submit', title: 'Oui', data: { msteams: { type: 'imBack', value: 'oui' } } }] } }]);
  });

  it('answers in French when the engine fails, and the next turn works', async () => {
    const a = activity({ text: 'panne' });
    await post(a);
    expect(repliesTo(a.conversation.id)[0]?.body.text).toBe(APOLOGY.fr);
    const b = activity({ conversation: a.conversation, text: 'encore' });
    await post(b);
    expect(repliesTo(a.conversation.id)[1]?.body.text).toBe('Vous avez dit : encore');
  });

  it('answers in French through the turn error handler when sending the reply fails', async () => {
    const a = activity({ text: 'salut' });
    connector.failNext();
    expect((await post(a)).status).toBe(200);
    expect(repliesTo(a.conversation.id).map((c) => c.body.text)).toEqual([APOLOGY.fr]);
  });

  it('refuses a body that is not an activity with 400', async () => {
    for (const body of [[], { text: 'no type' }]) expect((await post(body)).status).toBe(400);
  });

  it('refuses an activity without conversation or sender with 400, and runs nothing', async () => {
    const turnsBefore = engine.turns.length;
    const { conversation: _c, ...noConversation } = activity();
    const { from: _f, ...noSender } = activity();
    const bodies = [noConversation, noSender, activity({ conversation: {} }), activity({ from: { id: '' } }), activity({ serviceUrl: undefined }), activity({ recipient: undefined })];
    for (const body of bodies) {
      const res = await post(body);
      expect(res, JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: 'BadArgument', message: expect.stringMatching(/^The activity needs/) } } });
    }
    expect(engine.turns.length).toBe(turnsBefore);
  });

  it('keeps every unauthenticated conversation in the emulator namespace, whatever channelId the body names', async () => {
    await post(activity({ channelId: 'directline', conversation: { id: 'victim' } }));
    expect(engine.turns.at(-1)).toMatchObject({ conversationId: 'victim', channel: 'emulator' });
  });

  it('handles an activity delivered twice (same id) once', async () => {
    const a = activity({ text: 'une fois' });
    expect((await post(a)).status).toBe(200);
    expect((await post(a)).status).toBe(200);
    expect(engine.turns.filter((t) => t.conversationId === a.conversation.id)).toHaveLength(1);
    expect(repliesTo(a.conversation.id)).toHaveLength(1);
  });
});

describe('Bot Framework endpoint with MicrosoftAppId set', () => {
  let secured: RunningAssistant;
  beforeAll(async () => {
    secured = await startAssistant({
      engine,
      env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password', MicrosoftAppType: 'MultiTenant' },
    });
  });
  afterAll(() => secured.close());

  it('answers 401 to an unsigned request and sends nothing', async () => {
    const a = activity();
    const unsigned = await call(`${secured.url}/api/messages`, { body: a });
    expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized' } } });
    const forged = await call(`${secured.url}/api/messages`, { body: a, auth: 'not-a-jwt' });
    expect(forged.status).toBe(401);
    expect(repliesTo(a.conversation.id)).toEqual([]);
    expect(engine.turns.some((t) => t.conversationId === a.conversation.id)).toBe(false);
  });
});
