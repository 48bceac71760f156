/**
 * Issue 9: hostile inputs, as a table. Each case says what is sent, the status expected and, for a
 * message, what the assistant answers. The invariant over every case: never a 5xx, the server
 * keeps answering, and nothing sent comes back raw in an answer (error messages never repeat
 * what was sent; the assistant's replies never repeat markup, secrets or personal data).
 */
import { request } from 'node:http';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../support/assistant-server.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

let server: RunningAssistant;
let token = '';
let conversationId = '';
let otherToken = '';
const AGENT_KEY = 'agent-key-for-hostile-tests-0123456789';

beforeAll(async () => {
  server = await startAssistant({ env: { AGENT_API_KEY: AGENT_KEY, DIRECT_LINE_MESSAGES_PER_MINUTE: '0' } });
  ({ token, conversationId } = (await call(`${server.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET })).body as { token: string; conversationId: string });
  otherToken = String((await call(`${server.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET })).body.token);
});
afterAll(() => server.close());

function raw(method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Raw> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request({ method, hostname: url.hostname, port: url.port, path: path.startsWith('/') ? path : url.pathname + url.search, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

const activities = () => `/v3/directline/conversations/${conversationId}/activities`;
const json = { 'content-type': 'application/json' };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const message = (text: string, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'message', from: { id: 'x' }, text, ...extra });

/** Posts a message and returns the assistant's replies to it. */
async function say(body: string): Promise<{ res: Raw; replies: string[] }> {
  const before = (await call(`${server.url}${activities()}`, { auth: token })).body.watermark as string;
  const res = await raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body });
  const page = await call(`${server.url}${activities()}?watermark=${before}`, { auth: token });
  const replies = (page.body.activities as Array<{ text?: string; from: { role?: string } }>).filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
  return { res, replies };
}

interface Case {
  name: string;
  send: () => Promise<Raw>;
  status: number;
  code?: string;
  /** What must not come back in the answer. */
  notEchoed?: string[];
}

const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const cases: Case[] = [
  // Bodies, headers, encodings.
  { name: 'JSON in latin9', send: () => raw('POST', activities(), { headers: { 'content-type': 'application/json; charset=latin9', ...bearer(token) }, body: message('é') }), status: 415, code: 'UnsupportedMediaType', notEchoed: ['latin9', 'LATIN9'] },
  { name: 'unknown Content-Encoding', send: () => raw('POST', activities(), { headers: { ...json, 'content-encoding': 'xyz', ...bearer(token) }, body: message('x') }), status: 415, code: 'UnsupportedMediaType', notEchoed: ['xyz'] },
  { name: 'corrupt br body', send: () => raw('POST', activities(), { headers: { ...json, 'content-encoding': 'br', ...bearer(token) }, body: Buffer.from('definitely not brotli') }), status: 400, code: 'BadArgument' },
  { name: 'corrupt gzip body', send: () => raw('POST', activities(), { headers: { ...json, 'content-encoding': 'gzip', ...bearer(token) }, body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]) }), status: 400, code: 'BadArgument' },
  { name: 'valid br body', send: () => raw('POST', activities(), { headers: { ...json, 'content-encoding': 'br', ...bearer(token) }, body: brotliCompressSync(Buffer.from(message('bonjour'))) }), status: 200 },
  { name: '%E0%A4%A in a conversation id', send: () => raw('GET', '/v3/directline/conversations/%E0%A4%A/activities', { headers: bearer(token) }), status: 400, code: 'BadArgument', notEchoed: ['%E0%A4%A'] },
  { name: '%E0%A4%A in a POST', send: () => raw('POST', '/v3/directline/conversations/%E0%A4%A/activities', { headers: { ...json, ...bearer(token) }, body: message('x') }), status: 400, notEchoed: ['%E0%A4%A'] },
  { name: 'malformed JSON', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: '{"type":"message","text":"<b>' }), status: 400, code: 'BadArgument', notEchoed: ['<b>'] },
  { name: 'deeply nested JSON', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: nested }), status: 400 },
  { name: 'JSON that is a string', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: '"<script>"' }), status: 400, notEchoed: ['<script>'] },
  { name: 'body over 64 KB', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: message('x'.repeat(70_000)) }), status: 413, code: 'MessageSizeTooBig' },
  { name: 'text/plain body', send: () => raw('POST', activities(), { headers: { 'content-type': 'text/plain', ...bearer(token) }, body: 'bonjour' }), status: 400 },
  { name: 'empty body', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: '' }), status: 400 },
  { name: 'an invoke activity', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: JSON.stringify({ type: 'invoke', name: 'x' }) }), status: 400 },
  { name: 'text that is not a string', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: JSON.stringify({ type: 'message', text: { $gt: '' } }) }), status: 400 },
  { name: 'a typing activity', send: () => raw('POST', activities(), { headers: { ...json, ...bearer(token) }, body: JSON.stringify({ type: 'typing', from: { id: 'x' } }) }), status: 200 },
  // Tokens.
  { name: 'no Authorization', send: () => raw('GET', activities()), status: 401, code: 'Unauthorized' },
  { name: 'an empty Bearer', send: () => raw('GET', activities(), { headers: { authorization: 'Bearer ' } }), status: 401 },
  { name: 'Basic credentials', send: () => raw('GET', activities(), { headers: { authorization: `Basic ${Buffer.from(`a:${TEST_SECRET}`).toString('base64')}` } }), status: 401, notEchoed: [TEST_SECRET] },
  { name: 'a garbage token', send: () => raw('GET', activities(), { headers: bearer('dl1.e30.AAAA') }), status: 403, code: 'Forbidden' },
  { name: 'an 8 KB token', send: () => raw('GET', activities(), { headers: bearer(`dl1.${'A'.repeat(8000)}.x`) }), status: 403 },
  { name: 'a JWT with alg none', send: () => raw('GET', activities(), { headers: bearer(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"cid":"${conversationId}"}`).toString('base64url')}.`) }), status: 403 },
  { name: "another conversation's token", send: () => raw('GET', activities(), { headers: bearer(otherToken) }), status: 403 },
  { name: 'the secret with a suffix', send: () => raw('GET', activities(), { headers: bearer(`${TEST_SECRET}x`) }), status: 403, notEchoed: [TEST_SECRET] },
  { name: 'a 2,000-character conversation id', send: () => raw('GET', `/v3/directline/conversations/${'c'.repeat(2000)}/activities`, { headers: bearer(token) }), status: 403 },
  { name: 'a negative watermark', send: () => raw('GET', `${activities()}?watermark=-1`, { headers: bearer(token) }), status: 400 },
  { name: 'a watermark of 20 digits', send: () => raw('GET', `${activities()}?watermark=99999999999999999999`, { headers: bearer(token) }), status: 400 },
  { name: 'two watermarks', send: () => raw('GET', `${activities()}?watermark=1&watermark=2`, { headers: bearer(token) }), status: 400 },
  { name: 'a user id with markup', send: () => raw('POST', '/v3/directline/tokens/generate', { headers: { ...json, ...bearer(TEST_SECRET) }, body: JSON.stringify({ user: { id: '<img src=x>' } }) }), status: 400, notEchoed: ['<img'] },
  // The Bot Framework endpoint.
  { name: '/api/messages without a conversation', send: () => raw('POST', '/api/messages', { headers: json, body: JSON.stringify({ type: 'message', text: 'x', channelId: 'emulator', serviceUrl: 'http://localhost:1/', from: { id: 'u' }, recipient: { id: 'b' } }) }), status: 400, code: 'BadArgument' },
  { name: '/api/messages without a sender', send: () => raw('POST', '/api/messages', { headers: json, body: JSON.stringify({ type: 'message', text: 'x', channelId: 'emulator', serviceUrl: 'http://localhost:1/', conversation: { id: 'c' }, recipient: { id: 'b' } }) }), status: 400, code: 'BadArgument' },
  { name: '/api/messages with a numeric type', send: () => raw('POST', '/api/messages', { headers: json, body: JSON.stringify({ type: 1 }) }), status: 400 },
  { name: '/api/messages in latin9', send: () => raw('POST', '/api/messages', { headers: { 'content-type': 'application/json; charset=latin9' }, body: '{}' }), status: 415 },
  // Other endpoints.
  { name: 'NLU text over its limit', send: () => raw('POST', '/api/nlu/parse', { headers: json, body: JSON.stringify({ text: 'a'.repeat(5000) }) }), status: 400 },
  { name: 'NLU without text', send: () => raw('POST', '/api/nlu/parse', { headers: json, body: JSON.stringify({ txt: '<script>' }) }), status: 400, notEchoed: ['<script>'] },
  { name: 'agent API without a key', send: () => raw('GET', '/api/agent/search?q=x'), status: 401 },
  { name: 'agent API with a 10 KB key', send: () => raw('GET', '/api/agent/search?q=x', { headers: bearer('k'.repeat(10_000)) }), status: 401 },
  { name: 'agent entry with a traversal', send: () => raw('GET', '/api/agent/entries/..%2F..%2Fpackage.json', { headers: bearer(AGENT_KEY) }), status: 404, notEchoed: ['package.json'] },
  { name: 'agent search with markup', send: () => raw('GET', `/api/agent/search?q=${encodeURIComponent('<script>alert(1)</script>')}&topic=${encodeURIComponent('<b>')}`, { headers: bearer(AGENT_KEY) }), status: 400, notEchoed: ['<b>'] },
  { name: 'web chat token with a garbage body', send: () => raw('POST', '/api/webchat/token', { headers: json, body: '{"__proto__":{"admin":true}}' }), status: 200 },
  { name: 'an unknown route', send: () => raw('GET', '/../../etc/passwd'), status: 404, notEchoed: ['passwd'] },
  { name: 'PUT on conversations', send: () => raw('PUT', '/v3/directline/conversations', { headers: bearer(TEST_SECRET) }), status: 404 },
];

describe('hostile requests', () => {
  it.each(cases)('$name → $status', async (c) => {
    const res = await c.send();
    expect(res.status).toBe(c.status);
    expect(res.status).toBeLessThan(500);
    if (c.code) expect(JSON.parse(res.text)).toMatchObject({ error: { code: c.code, message: expect.any(String) } });
    for (const s of c.notEchoed ?? []) expect(res.text).not.toContain(s);
    expect((await raw('GET', '/healthz')).status).toBe(200);
  });
});

interface Said {
  name: string;
  text: string;
  extra?: Record<string, unknown>;
  /** What the assistant's answer says. */
  reply: RegExp;
  notEchoed?: string[];
}

const story = "Bonjour, j'ai perdu ma carte Vitale la semaine dernière en déménageant et depuis je n'arrive plus à me connecter à mon compte ameli. ".repeat(20).slice(0, 2000);
const ANY_FRENCH = /[a-zà-ÿ]{3,}/i;
const said: Said[] = [
  { name: 'a 2,000-character story', text: story, reply: ANY_FRENCH, notEchoed: [story.slice(0, 200)] },
  { name: 'letters then @, 60,000 characters', text: `${'a'.repeat(60_000)}@`, reply: /trop long pour moi : 5 000 caractères/ },
  { name: 'a NIR of 60,000 digits', text: '1'.repeat(60_000), reply: /trop long pour moi/ },
  { name: 'a script tag', text: '<script>alert(1)</script>', reply: ANY_FRENCH, notEchoed: ['<script>', 'alert(1)'] },
  { name: 'a javascript: link', text: '[cliquez ici](javascript:alert(document.cookie))', reply: ANY_FRENCH, notEchoed: ['javascript:'] },
  { name: 'an SQL injection', text: "'; DROP TABLE personas; --", reply: ANY_FRENCH, notEchoed: ['DROP TABLE'] },
  { name: 'a template injection', text: '{{persona.nir}} ${process.env.DIRECT_LINE_SECRET} {{fact:secret}}', reply: ANY_FRENCH, notEchoed: [TEST_SECRET, '${process', '{{persona'] },
  { name: 'markup in the sender name', text: 'bonjour', extra: { from: { id: 'x', name: '<img src=x onerror=alert(1)>' } }, reply: ANY_FRENCH, notEchoed: ['<img', 'onerror'] },
  { name: 'a prototype pollution attempt', text: 'bonjour', extra: { channelData: JSON.parse('{"__proto__":{"polluted":true},"clientActivityID":"p1"}') as unknown }, reply: ANY_FRENCH },
  { name: 'lone surrogates', text: 'mot de passe \ud800\udfff\ud800 oublié', reply: ANY_FRENCH },
  { name: 'NUL and control characters', text: 'mot\u0000de\u0007passe\u001b[31m', reply: ANY_FRENCH, notEchoed: ['\u001b[31m'] },
  { name: 'right-to-left override and zero-width characters', text: 'mot\u202ede\u200bpasse\ufeff', reply: ANY_FRENCH },
  { name: 'emoji and combining marks', text: `😀👩🏽‍⚕️ ${'e\u0301'.repeat(2000)}`, reply: ANY_FRENCH },
  { name: 'a NIR with a wrong key', text: '1 79 03 75 056 234 99', reply: ANY_FRENCH, notEchoed: ['056 234'] },
  { name: 'a Corsican NIR (2A)', text: '2 88 07 2A 004 123 85', reply: ANY_FRENCH, notEchoed: ['004 123'] },
  { name: 'a NIR of 14 digits', text: '17903750562344', reply: ANY_FRENCH, notEchoed: ['17903750562344'] },
  { name: 'the 31st of February', text: 'je suis né le 31/02/1990', reply: ANY_FRENCH, notEchoed: ['31/02/1990'] },
  { name: 'a date in the future', text: 'née le 01/01/2090', reply: ANY_FRENCH },
  { name: 'a provisional code in lower case with spaces', text: 'k7m2 p9x4 r8tq', reply: ANY_FRENCH, notEchoed: ['k7m2 p9x4 r8tq'] },
  { name: 'a password typed outside its step', text: 'mon mot de passe actuel est Soleil-2024', reply: ANY_FRENCH, notEchoed: ['Soleil-2024'] },
  { name: 'an e-mail with markup', text: '"><svg onload=alert(1)>@example.fr', reply: ANY_FRENCH, notEchoed: ['<svg'] },
];

describe('hostile messages', () => {
  it.each(said)('$name: answered in French, nothing echoed', async (c) => {
    const { res, replies } = await say(message(c.text, c.extra ?? {}));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ id: expect.any(String) });
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.join('\n')).toMatch(c.reply);
    for (const s of c.notEchoed ?? []) expect(replies.join('\n')).not.toContain(s);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
