/**
 * What the web chat relies on in Direct Line: the user a client names in tokens/generate (both
 * spellings), the "Facile à lire" switch reaching the engine, the bot typing while a turn is long,
 * and messages from an advisor appended to the conversation and pushed to its streams at once.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';

let release: (() => void) | undefined;
const engine = createScriptedEngine({
  answer: async (input) => {
    // "lent" waits until the test lets it go: the turn is as long as the test needs, no timing.
    if (input.text === 'lent') await new Promise<void>((resolve) => (release = resolve));
    return [{ text: `Vous avez dit : ${input.text}` }];
  },
});
let server: RunningAssistant;
let dl: string;

beforeAll(async () => {
  server = await startAssistant({ engine });
  dl = `${server.url}/v3/directline`;
});
afterAll(() => server.close());

async function conversation(): Promise<{ token: string; conversationId: string; streamUrl: string }> {
  const generated = await call(`${dl}/tokens/generate`, { method: 'POST', auth: TEST_SECRET });
  const started = await call(`${dl}/conversations`, { method: 'POST', auth: String(generated.body.token) });
  return started.body as { token: string; conversationId: string; streamUrl: string };
}

/** Opens the conversation's stream and records every activity it carries. */
async function stream(streamUrl: string): Promise<{ ws: WebSocket; seen: Array<Record<string, unknown>>; next(match: (a: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(streamUrl);
  const seen: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (!text) return;
    seen.push(...((JSON.parse(text) as { activities: Array<Record<string, unknown>> }).activities ?? []));
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const next = (match: (a: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        const found = seen.find(match);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  return { ws, seen, next };
}

describe('Direct Line for the web chat', () => {
  it('binds the user given as {"user":{"id"}} and as {"User":{"Id"}} (the official client test harness)', async () => {
    for (const body of [{ user: { id: 'dl_ines' } }, { User: { Id: 'dl_ines' } }]) {
      const generated = await call(`${dl}/tokens/generate`, { method: 'POST', auth: TEST_SECRET, body });
      const token = String(generated.body.token);
      const { conversationId } = (await call(`${dl}/conversations`, { method: 'POST', auth: token })).body as { conversationId: string };
      await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'someone-else' }, text: 'bonjour' } });
      expect(engine.turns.at(-1)?.userId, JSON.stringify(body)).toBe('dl_ines');
    }
    expect((await call(`${dl}/tokens/generate`, { method: 'POST', auth: TEST_SECRET, body: { User: { Id: 'a b' } } })).status).toBe(400);
  });

  it('passes the "Facile à lire" switch (channelData.easyRead) to the engine, and nothing when absent', async () => {
    const { token, conversationId } = await conversation();
    const send = (extra: Record<string, unknown>) => call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'mot de passe', ...extra } });
    await send({ channelData: { clientActivityID: 'a1', easyRead: true } });
    expect(engine.turns.at(-1)?.easyRead).toBe(true);
    await send({ channelData: { easyRead: false } });
    expect(engine.turns.at(-1)?.easyRead).toBe(false);
    await send({ channelData: { easyRead: 'oui' } });
    expect(engine.turns.at(-1)).not.toHaveProperty('easyRead');
    await send({});
    expect(engine.turns.at(-1)).not.toHaveProperty('easyRead');
  });

  it('shows the bot typing on the stream while a turn goes on, without storing it', async () => {
    const { token, conversationId, streamUrl } = await conversation();
    const { ws, next } = await stream(streamUrl);
    const posted = call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'lent' } });
    const typing = await next((a) => a.type === 'typing');
    expect(typing).toMatchObject({ type: 'typing', from: { role: 'bot' } });
    release?.();
    await next((a) => a.text === 'Vous avez dit : lent');
    expect((await posted).status).toBe(200);
    const stored = (await call(`${dl}/conversations/${conversationId}/activities`, { auth: token })).body.activities as Array<{ type: string }>;
    expect(stored.map((a) => a.type)).toEqual(['message', 'message', 'message']);
    ws.close();
  });

  it("appends an advisor's message to the conversation and pushes it to the stream at once", async () => {
    const { token, conversationId, streamUrl } = await conversation();
    const { ws, next } = await stream(streamUrl);
    await server.assistant.services.live.take((await server.assistant.services.handoffs.create({ conversationId, channel: 'directline', topic: 'mes.activate', reason: 'user_asked', transcript: [], mode: 'live' })).id, 'Nadia', 'conseillère');
    const joined = await next((a) => typeof a.text === 'string' && a.text.includes('vous répond maintenant'));
    expect(joined).toMatchObject({ from: { name: 'Nadia, conseillère', role: 'bot' }, textFormat: 'markdown' });
    const { body } = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token });
    expect((body.activities as Array<{ text: string }>).at(-1)?.text).toBe('**Nadia, conseillère** vous répond maintenant. Écrivez ici : vos messages lui arrivent directement.');
    ws.close();
  });
});
