/**
 * The advisors' side of handoff requests over HTTP, with the whole assistant: a live exchange
 * both ways (the console ↔ a Direct Line conversation), a callback request and its contact, the
 * console's heartbeat, and the refusals (4xx, never a 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffRequest, TranscriptLine } from '../../../src/handoff/index.js';
import { call, TEST_SECRET } from '../../support/assistant-server.js';
import { AGENT_KEY, getJson, startAgentServer, type AgentServer } from '../../support/agent-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';
import { startAssistant } from '../../support/assistant-server.js';

const engine = createScriptedEngine();
let server: AgentServer;

beforeAll(async () => {
  server = await startAssistant({ engine, env: { AGENT_API_KEY: AGENT_KEY, ADVISOR_HOURS: 'always' } });
});
afterAll(() => server.close());

const api = <T = Record<string, unknown>>(path: string, init?: RequestInit, key: string | null = AGENT_KEY) => getJson<T>(`${server.url}/api/agent${path}`, key, init);
const post = <T = Record<string, unknown>>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body: JSON.stringify(body) });

async function webChatConversation() {
  const dl = `${server.url}/v3/directline`;
  const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET, body: { user: { id: 'dl_person' } } });
  const { token, conversationId } = body as { token: string; conversationId: string };
  return {
    conversationId,
    say: (text: string) => call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'dl_person' }, text } }),
    texts: async () => ((await call(`${dl}/conversations/${conversationId}/activities`, { auth: token })).body.activities as Array<{ text: string }>).map((a) => a.text),
  };
}

/** Reads the console's event stream (server-sent events) until `enough` says stop. */
async function readEvents(path: string, enough: (events: Array<{ lines: TranscriptLine[]; status: string }>) => boolean) {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/agent${path}`, { headers: { authorization: `Bearer ${AGENT_KEY}` }, signal: controller.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const events: Array<{ lines: TranscriptLine[]; status: string }> = [];
  let buffer = '';
  while (!enough(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += Buffer.from(value).toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice(6)) as { lines: TranscriptLine[]; status: string });
    }
  }
  controller.abort();
  return events;
}

describe('live exchange through the agent API', () => {
  it('takes a live request, carries messages both ways at once, and hands the conversation back on close', async () => {
    const person = await webChatConversation();
    const request = await server.assistant.services.handoffs.create({ conversationId: person.conversationId, channel: 'directline', topic: 'password-reset', reason: 'user_asked', transcript: [], mode: 'live' });
    expect(request.subject).toBe('Mot de passe du compte ameli oublié');

    const taken = await post<{ handoff: HandoffRequest }>(`/handoffs/${request.id}/take`, { agent: 'Nadia', title: 'conseillère' });
    expect(taken.status).toBe(200);
    expect(taken.body.handoff).toMatchObject({ status: 'taken', takenBy: 'Nadia', agentName: 'Nadia, conseillère' });
    expect((await person.texts()).at(-1)).toMatch(/^\*\*Nadia, conseillère\*\* vous répond maintenant/);

    // The person writes: the message reaches the console's stream, and the assistant stays silent.
    const turnsBefore = engine.turns.length;
    const stream = readEvents(`/handoffs/${request.id}/events`, (events) => events.some((e) => e.lines.some((l) => l.text.includes('NIR'))));
    const said = await person.say('mon NIR est 1 79 03 75 056 234 45, je suis bloqué');
    expect(said.status).toBe(200);
    const events = await stream;
    expect(events.flatMap((e) => e.lines).at(-1)).toMatchObject({ from: 'user', text: 'mon NIR est 1 79 ** ** *** *** 45, je suis bloqué' });
    expect(engine.turns.length).toBe(turnsBefore);
    expect((await person.texts()).at(-1)).toBe('mon NIR est 1 79 03 75 056 234 45, je suis bloqué');

    const sent = await post(`/handoffs/${request.id}/messages`, { text: 'Je regarde votre dossier.' });
    expect(sent).toMatchObject({ status: 200, body: { delivered: true } });
    expect((await person.texts()).at(-1)).toBe('**Nadia, conseillère :** Je regarde votre dossier.');

    const detail = await api<{ handoff: HandoffRequest; messages: TranscriptLine[] }>(`/handoffs/${request.id}`);
    expect(detail.body.messages.map((m) => [m.from, m.text])).toEqual([
      ['user', 'mon NIR est 1 79 ** ** *** *** 45, je suis bloqué'],
      ['agent', 'Je regarde votre dossier.'],
    ]);

    const closed = await post<{ handoff: HandoffRequest }>(`/handoffs/${request.id}/close`);
    expect(closed.body.handoff).toMatchObject({ status: 'closed' });
    expect((await person.texts()).at(-1)).toMatch(/a terminé l'échange\. L'assistant vous répond de nouveau/);
    await person.say('merci');
    expect(engine.turns.at(-1)?.text).toBe('merci');
    expect((await post(`/handoffs/${request.id}/close`)).status).toBe(409);
    expect((await post(`/handoffs/${request.id}/messages`, { text: 'encore ?' })).status).toBe(409);
  });

  it('answers 409 to a second advisor taking the same request', async () => {
    const person = await webChatConversation();
    const request = await server.assistant.services.handoffs.create({ conversationId: person.conversationId, channel: 'directline', topic: 'mes.info', reason: 'user_asked', transcript: [], mode: 'live' });
    const [a, b] = await Promise.all([post(`/handoffs/${request.id}/take`, { agent: 'Nadia' }), post(`/handoffs/${request.id}/take`, { agent: 'Marc' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });
});

describe('callback requests through the agent API', () => {
  it('shows the contact to advisors in the request only, never in the list', async () => {
    const contact = { kind: 'phone' as const, value: '06 12 34 56 78', when: 'demain matin', consentAt: '2026-01-15T09:00:00.000Z' };
    const request = await server.assistant.services.handoffs.create({ conversationId: 'conv-callback', channel: 'msteams', topic: 'mes-activate', reason: 'user_asked', transcript: [], contact });
    const one = await api<{ handoff: HandoffRequest }>(`/handoffs/${request.id}`);
    expect(one.body.handoff).toMatchObject({ mode: 'callback', contact, subject: expect.not.stringContaining('mes-activate') });
    const list = await api<{ handoffs: Array<Record<string, unknown>> }>('/handoffs');
    const summary = list.body.handoffs.find((h) => h.id === request.id);
    expect(summary).toMatchObject({ contactKind: 'phone', mode: 'callback' });
    expect(JSON.stringify(list.body)).not.toContain('06 12 34 56 78');
    expect((await api(`/handoffs/${request.id}`, undefined, null)).status).toBe(401);
    expect((await post(`/handoffs/${request.id}/messages`, { text: 'bonjour' })).status).toBe(409);
    expect((await post(`/handoffs/${request.id}/take`, { agent: 'Marc' })).status).toBe(200);
    expect((await post(`/handoffs/${request.id}/close`)).status).toBe(200);
  });
});

describe('refusals of the handoff routes', () => {
  it('answers 400 to bad input and 404 to an unknown request, never 500', async () => {
    const request = await server.assistant.services.handoffs.create({ conversationId: 'conv-x', channel: 'directline', topic: 'mes.info', reason: 'user_asked', transcript: [], mode: 'live' });
    expect((await post(`/handoffs/${request.id}/take`, { agent: 'Nadia', title: 'directrice' })).status).toBe(400);
    expect((await api(`/handoffs/${request.id}/take`, { method: 'POST', body: '[1]' })).status).toBe(400);
    expect((await api(`/handoffs/${request.id}/take`, { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await post(`/handoffs/${request.id}/messages`, {})).status).toBe(400);
    expect((await post(`/handoffs/${request.id}/messages`, { text: 'x'.repeat(2001) })).status).toBe(400);
    expect((await api(`/handoffs/${request.id}/events?after=x`)).status).toBe(400);
    for (const path of ['/handoffs/h_nope', '/handoffs/h_nope/events']) expect((await api(path)).status, path).toBe(404);
    for (const path of ['/handoffs/h_nope/take', '/handoffs/h_nope/messages', '/handoffs/h_nope/close']) expect((await post(path, { text: 'x' })).status, path).toBe(404);
  });
});

describe('advisor presence', () => {
  it('counts a console online while it beats, and offline once it leaves', async () => {
    expect((await api('/presence')).body).toEqual({ online: 0, open: true, live: false });
    expect((await post('/presence', { sessionId: 'console-abcdef12', agent: 'Nadia' })).body).toEqual({ online: 1, open: true, live: true });
    expect(await server.assistant.services.presence.liveAvailable(new Date())).toBe(true);
    expect((await api('/presence/console-abcdef12', { method: 'DELETE' })).status).toBe(204);
    expect((await api('/presence')).body).toMatchObject({ online: 0, live: false });
    expect((await post('/presence', { sessionId: 'x' })).status).toBe(400);
    expect((await post('/presence', {})).status).toBe(400);
    expect((await api('/presence', { method: 'POST', body: '{}' }, null)).status).toBe(401);
  });
});

describe('presence outside the opening hours', () => {
  let closed: AgentServer;
  beforeAll(async () => {
    closed = await startAgentServer({ env: { ADVISOR_HOURS: 'never' } });
  });
  afterAll(() => closed.close());

  it('is never live, even with an advisor online', async () => {
    const beat = await getJson(`${closed.url}/api/agent/presence`, AGENT_KEY, { method: 'POST', body: JSON.stringify({ sessionId: 'console-abcdef12' }) });
    expect(beat.body).toEqual({ online: 1, open: false, live: false });
    expect(await closed.assistant.services.presence.liveAvailable(new Date())).toBe(false);
  });
});
