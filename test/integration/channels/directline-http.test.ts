/** Direct Line by hand-made requests: every error status, ordering, and what the POST waits for. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectLine } from '../../../src/channels/directline/index.js';
import { createTurnRunner } from '../../../src/channels/shared/index.js';
import { loadAssistantMessage } from '../../../src/engine/index.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createLocalLocks } from '../../../src/state/conversation-lock.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createTurnGates, reportingLocks, serveRouter } from '../../support/ordering.js';
import { createScriptedEngine, SCRIPTED_APOLOGY } from '../../support/scripted-engine.js';

/** What every channel says when a turn fails: the engine's apology, from dialogs/assistant.json. */
const APOLOGY = loadAssistantMessage('error');

const clock = createFakeClock('2026-03-02T08:00:00Z');
/** Turns the tests hold until they release them (no sleeps). */
const gates = createTurnGates();
const engine = createScriptedEngine({
  answer: async (input) => {
    if (input.text === 'panne') throw new Error('engine down');
    await gates.wait(input.text);
    return [{ text: `Vous avez dit : ${input.text}` }];
  },
});
let server: RunningAssistant;
let dl: string;

beforeAll(async () => {
  server = await startAssistant({ engine, clock });
  dl = `${server.url}/v3/directline`;
});
afterAll(() => server.close());

async function startConversation(): Promise<{ token: string; conversationId: string }> {
  const res = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET, body: { user: { id: 'dl_test-user' } } });
  expect(res.status).toBe(201);
  return res.body as { token: string; conversationId: string };
}

const message = (text: string) => ({ type: 'message', from: { id: 'dl_test-user' }, text });

describe('Direct Line: conversations and activities', () => {
  it('starts a conversation with the secret: 201, a token bound to it, expires_in 1800, the welcome stored first', async () => {
    const res = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
    expect(JSON.stringify(res.body)).not.toContain(TEST_SECRET);
    const activities = await call(`${dl}/conversations/${String(res.body.conversationId)}/activities`, { auth: String(res.body.token) });
    expect(activities.body).toMatchObject({ activities: [{ type: 'message', text: 'Bienvenue', from: { role: 'bot' } }], watermark: '1' });
  });

  it('gives back a token from /tokens/generate when that token starts its conversation, and welcomes only once', async () => {
    const generated = await call(`${dl}/tokens/generate`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = generated.body as { token: string; conversationId: string };
    const first = await call(`${dl}/conversations`, { method: 'POST', auth: token });
    expect(first).toMatchObject({ status: 201, body: { conversationId, token } });
    const again = await call(`${dl}/conversations`, { method: 'POST', auth: token });
    expect(again.status).toBe(200);
    const { body } = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token });
    expect((body.activities as unknown[]).length).toBe(1);
  });

  it('answers a POST only once the turn is over, so a GET right after has the reply', async () => {
    const { token, conversationId } = await startConversation();
    const turn = gates.hold('lent');
    let answered = false;
    const posting = call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('lent') }).then((r) => ((answered = true), r));
    await turn.started;
    // While the turn runs, the POST waits for it.
    await call(`${dl}/conversations/${conversationId}/activities?watermark=1`, { auth: token });
    expect(answered).toBe(false);
    turn.release();
    const posted = await posting;
    expect(posted.status).toBe(200);
    expect(Object.keys(posted.body)).toEqual(['id']);
    const { body } = await call(`${dl}/conversations/${conversationId}/activities?watermark=1`, { auth: token });
    expect(body).toMatchObject({
      activities: [
        { id: posted.body.id, text: 'lent', from: { id: 'dl_test-user', role: 'user' } },
        { text: 'Vous avez dit : lent', replyToId: posted.body.id, from: { role: 'bot' }, textFormat: 'markdown' },
      ],
      watermark: '3',
    });
  });

  it('handles the turns of one conversation one at a time, in the order they arrived', async () => {
    // A Direct Line of its own, whose locks tell when a message reached its conversation.
    const locks = reportingLocks(createLocalLocks());
    const ordered = createScriptedEngine({ answer: async (input) => (await gates.wait(input.text), [{ text: `Vous avez dit : ${input.text}` }]) });
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine: ordered, logger: createSilentLogger() });
    const own = await serveRouter(createDirectLine({ store: createMemoryKeyValueStore({ clock }), locks, clock, logger: createSilentLogger(), runner, secret: TEST_SECRET }).router);
    try {
      const started = await call(`${own.url}/conversations`, { method: 'POST', auth: TEST_SECRET, body: { user: { id: 'dl_test-user' } } });
      const { token, conversationId } = started.body as { token: string; conversationId: string };
      const post = (text: string) => call(`${own.url}/conversations/${conversationId}/activities`, { auth: token, body: message(text) });
      const first = gates.hold('premier');
      const posts = [post('premier')];
      await first.started;
      // The next two arrive, in this order, while the first turn still runs.
      for (const text of ['deuxième', 'troisième']) {
        const arrived = locks.nextArrival();
        posts.push(post(text));
        await arrived;
      }
      expect(ordered.turns.map((t) => t.text)).toEqual(['premier']);
      first.release();
      await Promise.all(posts);
      expect(ordered.turns.map((t) => t.text)).toEqual(['premier', 'deuxième', 'troisième']);
      const { body } = await call(`${own.url}/conversations/${conversationId}/activities?watermark=1`, { auth: token });
      expect((body.activities as Array<{ text: string }>).map((a) => a.text)).toEqual([
        'premier',
        'Vous avez dit : premier',
        'deuxième',
        'Vous avez dit : deuxième',
        'troisième',
        'Vous avez dit : troisième',
      ]);
    } finally {
      own.close();
    }
  });

  it('answers in French and keeps the conversation going when the engine fails', async () => {
    const { token, conversationId } = await startConversation();
    const failed = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('panne') });
    expect(failed.status).toBe(200);
    await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('encore') });
    const { body } = await call(`${dl}/conversations/${conversationId}/activities?watermark=1`, { auth: token });
    const texts = (body.activities as Array<{ text: string }>).map((a) => a.text);
    expect(texts[1]).toBe(APOLOGY.fr);
    expect(texts[3]).toBe('Vous avez dit : encore');
  });

  it('passes a card submit value to the engine', async () => {
    const { token, conversationId } = await startConversation();
    await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, value: { choice: 'oui' } } });
    expect(engine.turns.at(-1)).toMatchObject({ text: '', value: { choice: 'oui' }, userId: 'dl_test-user' });
  });

  it('counts turns by channel and outcome in /metrics', async () => {
    const { token, conversationId } = await startConversation();
    await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('compté') });
    await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('panne') });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/assistant_turns_total\{channel="directline",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/assistant_turns_total\{channel="directline",outcome="error"\} [1-9]/);
    expect(metrics).toMatch(/assistant_turn_duration_seconds_count\{channel="directline"\} [1-9]/);
  });

  it('pages activities from a watermark', async () => {
    const { token, conversationId } = await startConversation();
    await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('a') });
    const all = await call(`${dl}/conversations/${conversationId}/activities?watermark=0`, { auth: token });
    expect(all.body.watermark).toBe('3');
    const none = await call(`${dl}/conversations/${conversationId}/activities?watermark=3`, { auth: token });
    expect(none.body).toEqual({ activities: [], watermark: '3' });
  });

  it('reconnects with GET /conversations/{id}?watermark=W: a fresh token for the same conversation', async () => {
    const { token, conversationId } = await startConversation();
    const res = await call(`${dl}/conversations/${conversationId}?watermark=1`, { auth: token });
    expect(res).toMatchObject({ status: 200, body: { conversationId, expires_in: 1800 } });
    expect(res.body.token).not.toBe(token);
    const withNew = await call(`${dl}/conversations/${conversationId}/activities?watermark=1`, { auth: String(res.body.token) });
    expect(withNew.status).toBe(200);
  });

  it('refreshes a token before expiry and refuses to refresh an expired one', async () => {
    const { token } = await startConversation();
    clock.advanceMinutes(29);
    const refreshed = await call(`${dl}/tokens/refresh`, { method: 'POST', auth: token });
    expect(refreshed).toMatchObject({ status: 200, body: { expires_in: 1800 } });
    clock.advanceMinutes(2);
    const late = await call(`${dl}/tokens/refresh`, { method: 'POST', auth: token });
    expect(late).toMatchObject({ status: 403, body: { error: { code: 'TokenExpired' } } });
    const fresh = await call(`${dl}/tokens/refresh`, { method: 'POST', auth: String(refreshed.body.token) });
    expect(fresh.status).toBe(200);
  });

  it('forgets a conversation an hour after its last activity', async () => {
    const { conversationId } = await startConversation();
    clock.advanceMinutes(59);
    expect((await call(`${dl}/conversations/${conversationId}/activities`, { auth: TEST_SECRET })).status).toBe(200);
    clock.advanceMinutes(61);
    expect((await call(`${dl}/conversations/${conversationId}/activities`, { auth: TEST_SECRET })).status).toBe(404);
  });
});

describe('Direct Line: errors have the Direct Line shape and the right status', () => {
  it('401 without an Authorization header, on every endpoint', async () => {
    const { conversationId } = await startConversation();
    const requests = [
      call(`${dl}/tokens/generate`, { method: 'POST' }),
      call(`${dl}/tokens/refresh`, { method: 'POST' }),
      call(`${dl}/conversations`, { method: 'POST' }),
      call(`${dl}/conversations/${conversationId}`),
      call(`${dl}/conversations/${conversationId}/activities`),
      call(`${dl}/conversations/${conversationId}/activities`, { body: message('x') }),
    ];
    for (const res of await Promise.all(requests)) expect(res).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized', message: expect.any(String) } } });
  });

  it('403 for a forged, garbled or wrong secret', async () => {
    const { token, conversationId } = await startConversation();
    const [head, payload] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), cid: 'other' })).toString('base64url');
    const forged = `${head}.${forgedPayload}.${token.split('.')[2]}`;
    for (const auth of [forged, 'garbage', `${TEST_SECRET}x`, token.slice(0, -2)]) {
      const res = await call(`${dl}/conversations/${conversationId}/activities`, { auth });
      expect(res, auth).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    }
  });

  it('403 when a token tries another conversation (read, write, reconnect)', async () => {
    const mine = await startConversation();
    const other = await startConversation();
    const url = `${dl}/conversations/${other.conversationId}`;
    for (const res of [await call(`${url}/activities`, { auth: mine.token }), await call(`${url}/activities`, { auth: mine.token, body: message('x') }), await call(url, { auth: mine.token })]) {
      expect(res).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    }
  });

  it('403 TokenExpired once the token is 30 minutes old', async () => {
    const { token, conversationId } = await startConversation();
    clock.advanceMinutes(30);
    const res = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: message('x') });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'TokenExpired' } } });
  });

  it('403 when a token asks for a token, or the secret asks for a refresh', async () => {
    const { token } = await startConversation();
    expect((await call(`${dl}/tokens/generate`, { method: 'POST', auth: token })).status).toBe(403);
    expect((await call(`${dl}/tokens/refresh`, { method: 'POST', auth: TEST_SECRET })).status).toBe(403);
  });

  it('404 for an unknown conversation', async () => {
    const res = await call(`${dl}/conversations/nope/activities`, { auth: TEST_SECRET });
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect((await call(`${dl}/conversations/nope/activities`, { auth: TEST_SECRET, body: message('x') })).status).toBe(404);
  });

  it('400 for malformed JSON, a wrong activity, a message without text, a bad watermark or user id', async () => {
    const { token, conversationId } = await startConversation();
    const url = `${dl}/conversations/${conversationId}/activities`;
    const bad = [
      await call(url, { auth: token, rawBody: '{"type":' }),
      await call(url, { auth: token, body: { type: 'invoke', text: 'x' } }),
      await call(url, { auth: token, body: { type: 'message', text: 42 } }),
      await call(url, { auth: token, body: { type: 'message' } }),
      await call(url, { auth: token, body: [] }),
      await call(`${url}?watermark=abc`, { auth: token }),
      await call(url, { auth: TEST_SECRET, body: { type: 'message', text: 'sans expéditeur' } }),
      await call(`${dl}/tokens/generate`, { method: 'POST', auth: TEST_SECRET, body: { user: { id: 'a b<script>' } } }),
    ];
    for (const res of bad) expect(res).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
  });

  it('413 for a body over the size limit, and the server goes on', async () => {
    const { token, conversationId } = await startConversation();
    const url = `${dl}/conversations/${conversationId}/activities`;
    const res = await call(url, { auth: token, body: message('x'.repeat(100_000)) });
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'MessageSizeTooBig' } } });
    expect((await call(url, { auth: token, body: message('ensuite') })).status).toBe(200);
  });

  it('refuses a CORS preflight from a site not in WEBCHAT_ALLOWED_ORIGINS (embedding tests: webchat-origins.test.ts)', async () => {
    const res = await fetch(`${dl}/conversations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.fr', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never caches its answers', async () => {
    const res = await fetch(`${dl}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_SECRET}` } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
