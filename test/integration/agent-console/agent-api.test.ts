import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, createAgentApi, keyMatches } from '../../../src/channels/agent-console/index.js';
import type { EntryView, SearchResultView } from '../../../src/channels/agent-console/views.js';
import { createAdvisorPresence, createHandoffQueue, createLiveExchange, createOpeningHours, parseOpeningHours, type HandoffRequest } from '../../../src/handoff/index.js';
import { errorHandler } from '../../../src/server/create-app.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSequentialIds } from '../../../src/shared/ids.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';
import { AGENT_KEY, getJson, startAgentServer, type AgentServer } from '../../support/agent-server.js';
import { realKnowledgeBase } from '../../support/knowledge.js';

describe('agent key comparison', () => {
  it('accepts only the exact key, and nothing when no key is configured', () => {
    expect(keyMatches('secret-key', 'secret-key')).toBe(true);
    expect(keyMatches('secret-key', 'secret-kez')).toBe(false);
    expect(keyMatches('secret-key', 'secret-key-longer')).toBe(false);
    expect(keyMatches('secret-key', '')).toBe(false);
    expect(keyMatches(undefined, 'anything')).toBe(false);
    expect(keyMatches(undefined, undefined)).toBe(false);
  });

  it('reads a Bearer token, and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('agent API', () => {
  let server: AgentServer;
  beforeAll(async () => {
    server = await startAgentServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const api = <T = Record<string, unknown>>(path: string, key: string | null, init?: RequestInit) => getJson<T>(`${server.url}/api/agent${path}`, key, init);
  type Results = { results: SearchResultView[] };
  type Summary = Omit<HandoffRequest, 'transcript'> & { transcriptLines: number; transcript?: unknown };

  it('answers 401 without a valid key, on every route', async () => {
    for (const path of ['/search?q=md', '/topics', '/entries', '/entries/ceam', '/handoffs', '/handoffs/h_x']) {
      const missing = await api(path, null);
      expect(missing.status, path).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="agent"');
      expect((await api(path, 'wrong-key-0123456789')).status, path).toBe(401);
    }
    const basic = await fetch(`${server.url}/api/agent/search?q=md`, { headers: { authorization: `Basic ${AGENT_KEY}` } });
    expect(basic.status).toBe(401);
    expect((await api('/handoffs/h_x/take', 'wrong-key-0123456789', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('searches as CONTRACT.md says: {results:[{id,title,score,answer,steps?,sources?}]}, best first', async () => {
    const { status, headers, body } = await api<Results>(`/search?q=${encodeURIComponent('mot de passe oublié')}`, AGENT_KEY);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(body)).toEqual(['results']);
    const first = body.results[0]!;
    expect(first.id).toBe('password-reset');
    expect(first.title).toBe('Mot de passe du compte ameli oublié');
    expect(first.answer).toContain('30 minutes');
    expect(first.steps).toHaveLength(4);
    expect(first.sources![0]).toEqual({ file: '003_d37898c8635ec779.txt', passage: 'Important : le lien de réinitialisation contenu dans le mail est valable 30 minutes.' });
    for (const r of body.results) {
      expect(Object.keys(r).every((k) => ['id', 'title', 'score', 'answer', 'steps', 'sources', 'match'].includes(k))).toBe(true);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    const scores = body.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it.each([
    ['md', 'password-reset'],
    ['36', 'contacts'],
    ['mes', 'mes-info'],
    ['esp', 'mes-info'],
    ['op', 'mes-opposition'],
  ])('finds "%s" first as %s', async (q, id) => {
    const { body } = await api<Results>(`/search?q=${q}`, AGENT_KEY);
    expect(body.results[0]?.id).toBe(id);
  });

  it('filters by topic, limits, and refuses an unknown topic', async () => {
    const { body } = await api<Results>('/search?q=carte&topic=carte-vitale&limit=2', AGENT_KEY);
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(2);
    for (const r of body.results) expect(realKnowledgeBase().entry(r.id)?.topic).toBe('carte-vitale');
    expect((await api('/search?q=carte&topic=voyages', AGENT_KEY)).status).toBe(400);
  });

  it('answers an empty list for an empty query', async () => {
    expect((await api('/search?q=', AGENT_KEY)).body).toEqual({ results: [] });
    expect((await api('/search', AGENT_KEY)).body).toEqual({ results: [] });
  });

  it('lists the topics with their number of entries', async () => {
    const { body } = await api<{ topics: Array<{ id: string; count: number }> }>('/topics', AGENT_KEY);
    expect(body.topics.map((t) => t.id)).toEqual(['compte-ameli', 'mon-espace-sante', 'carte-vitale', 'soins', 'contacts', 'droits-aides', 'prevention', 'partenaires', 'professionnels']);
    expect(body.topics.reduce((n, t) => n + t.count, 0)).toBe(realKnowledgeBase().entries().length);
  });

  it('gives a whole entry with its facts, the figures to highlight and the titled sources', async () => {
    const { body } = await api<{ entry: EntryView }>('/entries/password-reset', AGENT_KEY);
    expect(body.entry.figures).toEqual(['30 minutes']);
    expect(body.entry.facts).toContainEqual({ key: 'link_validity', label: 'Validité du lien de réinitialisation', text: '30 minutes', isKey: true, ref: 'password-reset.link_validity' });
    expect(body.entry.sources[0]!.title).toContain('Ma santé.fr');
    expect(body.entry.related.map((r) => r.id)).toEqual(['account-login', 'account-create', 'contacts']);
    expect((await api('/entries/nope', AGENT_KEY)).status).toBe(404);
    const all = await api<{ entries: EntryView[] }>('/entries', AGENT_KEY);
    expect(all.body.entries).toHaveLength(realKnowledgeBase().entries().length);
  });

  it('lists handoff requests without transcripts, opens one with its masked transcript, and takes it once', async () => {
    const created = await server.assistant.services.handoffs.create({
      conversationId: 'conv-agent-api',
      channel: 'webchat',
      topic: 'mes.activate',
      mode: 'callback',
      subject: 'Activer Mon espace santé',
      reason: 'user_asked',
      transcript: [{ from: 'user', text: 'mon NIR est 1 85 05 78 006 084 36', at: '2026-01-15T09:00:00.000Z' }],
    });
    const list = await api<{ handoffs: Summary[] }>('/handoffs?status=waiting', AGENT_KEY);
    const summary = list.body.handoffs.find((h) => h.id === created.id);
    expect(summary).toMatchObject({ id: created.id, status: 'waiting', topic: 'mes.activate', transcriptLines: 1 });
    expect(summary?.transcript).toBeUndefined();

    const one = await api<{ handoff: HandoffRequest }>(`/handoffs/${created.id}`, AGENT_KEY);
    expect(one.body.handoff.transcript[0]?.text).toBe('mon NIR est 1 85 ** ** *** *** 36');

    const taken = await api<{ handoff: HandoffRequest }>(`/handoffs/${created.id}/take`, AGENT_KEY, { method: 'POST', body: JSON.stringify({ agent: 'Claire' }) });
    expect(taken.status).toBe(200);
    expect(taken.body.handoff).toMatchObject({ status: 'taken', takenBy: 'Claire' });
    const again = await api(`/handoffs/${created.id}/take`, AGENT_KEY, { method: 'POST', body: '{}' });
    expect(again.status).toBe(409);
    expect((await api('/handoffs/h_nope/take', AGENT_KEY, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await api('/handoffs/h_nope', AGENT_KEY)).status).toBe(404);
    expect((await api('/handoffs?status=lost', AGENT_KEY)).status).toBe(400);
    const waiting = await api<{ handoffs: Summary[] }>('/handoffs?status=waiting', AGENT_KEY);
    expect(waiting.body.handoffs.some((h) => h.id === created.id)).toBe(false);
  });

  it('serves the console page at /agent with a strict Content-Security-Policy and no data in it', async () => {
    const page = await fetch(`${server.url}/agent`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).not.toContain(AGENT_KEY);
    const script = await fetch(`${server.url}/agent/agent.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}/agent/agent.css`)).status).toBe(200);
  });

  it('exposes the knowledge base, the feedback store and the handoff queue among the assistant services, and counts feedback in /metrics', async () => {
    const { knowledge, feedback } = server.assistant.services;
    expect(knowledge.fact('password-reset.link_validity')).toBe('30 minutes');
    await feedback.record('contacts', true);
    await expect(feedback.record('nope', true)).rejects.toThrow();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('assistant_feedback_total{entry="contacts",helpful="yes"} 1');
  });
});

describe('agent API without a configured key', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const clock = createFakeClock();
    const app = express();
    const kv = createMemoryKeyValueStore({ clock });
    const handoffs = createHandoffQueue({ kv, clock, ids: createSequentialIds() });
    const live = createLiveExchange({ desk: handoffs, logger: createSilentLogger(), deliver: () => Promise.resolve() });
    const presence = createAdvisorPresence({ kv, hours: createOpeningHours(parseOpeningHours('always', 'UTC')) });
    app.use('/api/agent', createAgentApi({ knowledge: realKnowledgeBase(), handoffs, live, presence, clock, logger: createSilentLogger(), apiKey: undefined }).router);
    app.use(errorHandler(createSilentLogger()));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('refuses every request, whatever key is sent: no key, no data', async () => {
    for (const key of [null, '', 'undefined', AGENT_KEY]) {
      expect((await getJson(`${url}/api/agent/search?q=md`, key)).status).toBe(401);
    }
  });

  it('refuses every request in production when AGENT_API_KEY is not set', async () => {
    const production = await startAgentServer({ env: { NODE_ENV: 'production', SIMULATOR: 'on', AGENT_API_KEY: '' } });
    try {
      expect(production.assistant.services.config.agent.apiKey).toBeUndefined();
      expect((await getJson(`${production.url}/api/agent/search?q=md`, AGENT_KEY)).status).toBe(401);
    } finally {
      await production.close();
    }
  });
});
