/**
 * The Direct Line server driven by the official client, botframework-directlinejs, in Node
 * (polling, with XMLHttpRequest from xhr2; and WebSocket streams, with ws). What Web Chat does in
 * the browser, it does here.
 */
import WS from 'ws';
import XHR2 from 'xhr2';
import { ConnectionStatus, DirectLine, type Activity, type Message, type Services } from 'botframework-directlinejs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';

interface Seen {
  method: string;
  url: string;
  status: number;
}
const seen: Seen[] = [];

/** Records every HTTP status the client gets, to see the 403s the client only reacts to. */
class RecordingXHR extends XHR2 {
  private request = { method: '', url: '' };
  override open(method: string, url: string, async?: boolean, user?: string, password?: string): void {
    this.request = { method, url };
    super.open(method, url, async, user, password);
  }
  override send(...args: Parameters<InstanceType<typeof XHR2>['send']>): void {
    this.addEventListener('loadend', () => seen.push({ ...this.request, status: this.status }));
    super.send(...args);
  }
}

/** Node 20 has no WebSocket; the client must not need one when polling. */
class NoWebSocket {
  constructor() {
    throw new Error('polling only: no WebSocket expected');
  }
}

const clock = createFakeClock('2026-03-02T08:00:00Z');
const engine = createScriptedEngine({
  welcome: [{ text: 'Bonjour, je suis votre assistant.', suggestedActions: [{ title: 'Mon compte', value: 'mon compte ameli' }] }],
});
let server: RunningAssistant;
let domain: string;
const clients: DirectLine[] = [];

beforeAll(async () => {
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = RecordingXHR;
  server = await startAssistant({ engine, clock });
  domain = `${server.url}/v3/directline`;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.end();
});
afterAll(async () => {
  await server.close();
  delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
});

async function generateToken(): Promise<{ token: string; conversationId: string }> {
  const { status, body } = await call(`${domain}/tokens/generate`, { method: 'POST', auth: TEST_SECRET });
  expect(status).toBe(200);
  return body as { token: string; conversationId: string };
}

function client(options: ConstructorParameters<typeof DirectLine>[0]): DirectLine {
  const dl = new DirectLine({ domain, webSocket: false, pollingInterval: 200, WebSocket: NoWebSocket as unknown as Services['WebSocket'], ...options });
  clients.push(dl);
  return dl;
}

/** Collects activities until `done` says enough, or fails after `ms`. */
function collect(dl: DirectLine, done: (all: Activity[]) => boolean, ms = 8000): Promise<Activity[]> {
  return new Promise((resolve, reject) => {
    const all: Activity[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`timed out; got ${JSON.stringify(all.map((a) => (a as Message).text))}`));
    }, ms);
    const sub = dl.activity$.subscribe((a) => {
      all.push(a);
      if (done(all)) {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(all);
      }
    });
  });
}

function waitForStatus(dl: DirectLine, wanted: ConnectionStatus, ms = 8000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`status ${dl.connectionStatus$.getValue()} instead of ${wanted}`)), ms);
    const sub = dl.connectionStatus$.subscribe((s) => {
      if (s === wanted) {
        clearTimeout(timer);
        setTimeout(() => sub.unsubscribe());
        resolve();
      }
    });
  });
}

function post(dl: DirectLine, activity: Partial<Message>): Promise<string> {
  return new Promise((resolve, reject) => {
    dl.postActivity({ type: 'message', from: { id: 'x' }, ...activity }).subscribe({ next: resolve, error: reject });
  });
}

const texts = (activities: Activity[]) => activities.map((a) => (a as Message).text);

describe('Direct Line 3.0 with botframework-directlinejs', () => {
  it('starts a conversation with a token, receives the welcome, sends a message and gets the reply, in order', async () => {
    const { token, conversationId } = await generateToken();
    const dl = client({ token });
    const welcome = await collect(dl, (all) => all.length >= 1);
    expect(dl.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
    expect(welcome[0]).toMatchObject({ type: 'message', text: 'Bonjour, je suis votre assistant.', from: { role: 'bot' }, conversation: { id: conversationId } });
    expect((welcome[0] as Message).suggestedActions?.actions?.[0]).toMatchObject({ type: 'imBack', title: 'Mon compte', value: 'mon compte ameli' });

    const received = collect(dl, (all) => all.length >= 2);
    const id = await post(dl, { text: 'bonjour', from: { id: 'someone-else' }, channelData: { clientActivityID: 'abc' } });
    expect(id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    const [echo, reply] = await received;
    // Enhanced authentication: the token's user, not the from.id the client claimed.
    expect(echo).toMatchObject({ id, text: 'bonjour', from: { role: 'user' }, channelData: { clientActivityID: 'abc' } });
    expect(echo!.from.id).not.toBe('someone-else');
    expect(echo!.from.id).toMatch(/^dl_/);
    expect(reply).toMatchObject({ text: 'Vous avez dit : bonjour', replyToId: id, from: { role: 'bot' } });
    expect(engine.turns.at(-1)).toMatchObject({ text: 'bonjour', userId: echo!.from.id, conversationId, channel: 'directline' });
  });

  it('resumes from a watermark: a reconnecting client gets only what came after it', async () => {
    const { token, conversationId } = await generateToken();
    const first = client({ token });
    await collect(first, (all) => all.length >= 1);
    const firstReply = collect(first, (all) => all.length >= 2);
    await post(first, { text: 'un' });
    await firstReply;
    const watermark = (first as unknown as { watermark: string }).watermark;
    expect(watermark).toBe('3');
    first.end();

    // Sent while nobody listens: the reconnecting client must replay it from the watermark.
    const { status } = await call(`${domain}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'deux' } });
    expect(status).toBe(200);

    const second = client({ token, conversationId, watermark });
    const replayed = await collect(second, (all) => all.length >= 2);
    expect(texts(replayed)).toEqual(['deux', 'Vous avez dit : deux']);
    expect(seen.some((s) => s.method === 'GET' && s.url.endsWith(`/conversations/${conversationId}?watermark=3`) && s.status === 200)).toBe(true);
  });

  it('refreshes its token before expiry, and the new token outlives the old one', async () => {
    const { token, conversationId } = await generateToken();
    const dl = client({ token });
    await collect(dl, (all) => all.length >= 1);
    clock.advanceMinutes(20);
    const refreshed = await new Promise<string>((resolve, reject) => {
      (dl as unknown as { refreshToken(): { subscribe(o: { next(t: string): void; error(e: unknown): void }): void } }).refreshToken().subscribe({ next: resolve, error: reject });
    });
    expect(refreshed).not.toBe(token);
    clock.advanceMinutes(15); // the old token is now 35 minutes old, the new one 15
    const next = client({ token: refreshed, conversationId, watermark: '1' });
    const received = collect(next, (all) => all.length >= 2);
    await post(next, { text: 'toujours là' });
    expect(texts(await received)).toEqual(['toujours là', 'Vous avez dit : toujours là']);
    const stale = await call(`${domain}/conversations/${conversationId}/activities`, { auth: token });
    expect(stale.status).toBe(403);
  });

  it('gets 403 and cannot connect when its token is for another conversation', async () => {
    const mine = await generateToken();
    const other = await generateToken();
    await call(`${domain}/conversations`, { method: 'POST', auth: other.token });
    const dl = client({ token: mine.token, conversationId: other.conversationId });
    dl.activity$.subscribe({ error: () => undefined });
    await waitForStatus(dl, ConnectionStatus.FailedToConnect);
    expect(seen.filter((s) => s.url.includes(other.conversationId)).map((s) => s.status)).toContain(403);
  });

  it('gets 403 once its token has expired, and reports the expired token', async () => {
    const { token, conversationId } = await generateToken();
    const dl = client({ token });
    await collect(dl, (all) => all.length >= 1);
    clock.advanceMinutes(31);
    const id = await post(dl, { text: 'trop tard' });
    expect(id).toBe('retry');
    await waitForStatus(dl, ConnectionStatus.ExpiredToken);
    expect(seen.some((s) => s.method === 'POST' && s.url.endsWith(`/conversations/${conversationId}/activities`) && s.status === 403)).toBe(true);
    expect(engine.turns.some((t) => t.text === 'trop tard')).toBe(false);
  });
});

describe('Direct Line 3.0 WebSocket streams with botframework-directlinejs', () => {
  const streaming = (options: ConstructorParameters<typeof DirectLine>[0]) => client({ ...options, webSocket: true, WebSocket: WS as unknown as Services['WebSocket'] });
  const polledActivities = (conversationId: string) => seen.filter((s) => s.url.includes(`/conversations/${conversationId}/activities?`));
  // The client streams only where a global WebSocket exists (browsers; Node 20 has none).
  beforeAll(() => {
    (globalThis as { WebSocket?: unknown }).WebSocket = WS;
  });
  afterAll(() => {
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });

  it('streams the welcome and the replies without polling', async () => {
    const { token, conversationId } = await generateToken();
    const dl = streaming({ token });
    // One subscription for the whole conversation, as Web Chat keeps (a new one reopens the stream).
    let posted = false;
    const all = await collect(dl, (so_far) => {
      if (so_far.length === 1 && !posted) {
        posted = true;
        void post(dl, { text: 'en direct' });
      }
      return so_far.length >= 3;
    });
    expect(texts(all)).toEqual(['Bonjour, je suis votre assistant.', 'en direct', 'Vous avez dit : en direct']);
    expect(polledActivities(conversationId)).toEqual([]);
  });

  it('replays from the watermark when a client reconnects', async () => {
    const { token, conversationId } = await generateToken();
    const first = streaming({ token });
    await collect(first, (all) => all.length >= 1);
    first.end();
    await call(`${domain}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'pendant la coupure' } });
    const second = streaming({ token, conversationId, watermark: '1' });
    expect(texts(await collect(second, (all) => all.length >= 2))).toEqual(['pendant la coupure', 'Vous avez dit : pendant la coupure']);
    expect(polledActivities(conversationId)).toEqual([]);
  });
});

describe('Direct Line stream URLs', () => {
  const open = (url: string) =>
    new Promise<{ ws: WS; status?: number }>((resolve) => {
      const ws = new WS(url);
      ws.once('open', () => resolve({ ws }));
      ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
    });
  const closed = (ws: WS) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

  it('refuses a token of another conversation or a forged one with 403', async () => {
    const mine = await generateToken();
    const other = await call(`${domain}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const streamUrl = String(other.body.streamUrl);
    expect(streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?watermark=0&t=/);
    expect((await open(streamUrl.replace(/t=[^&]+/, `t=${mine.token}`))).status).toBe(403);
    expect((await open(streamUrl.replace(/t=[^&]+/, 't=forged'))).status).toBe(403);
    const ok = await open(streamUrl);
    expect(ok.status).toBeUndefined();
    ok.ws.close();
  });

  it('closes a stream once its token has expired (the client reconnects with its refreshed token)', async () => {
    const started = await call(`${domain}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { ws } = await open(String(started.body.streamUrl));
    const code = closed(ws);
    clock.advanceMinutes(31);
    await call(`${domain}/conversations/${String(started.body.conversationId)}/activities`, { auth: TEST_SECRET, body: { type: 'message', from: { id: 'dl_x' }, text: 'réveil' } });
    expect(await code).toBe(1008);
  });

  it('closes its streams when the server shuts down, and refuses paths that are not streams', async () => {
    const other = await startAssistant();
    try {
      const started = await call(`${other.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET });
      const { ws } = await open(String(started.body.streamUrl));
      const code = closed(ws);
      other.assistant.beginShutdown();
      expect(await code).toBe(1001);
      const stray = new WS(`${other.url.replace('http', 'ws')}/somewhere`);
      await new Promise((resolve) => stray.once('error', resolve));
    } finally {
      await other.close();
    }
  });
});
