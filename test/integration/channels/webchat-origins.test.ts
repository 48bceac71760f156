/**
 * The chat embedded on other sites: the token endpoint and Direct Line answer the CORS requests of
 * the origins in WEBCHAT_ALLOWED_ORIGINS (and the assistant's own), and refuse every other one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';

const ALLOWED = 'https://www.partenaire.example.fr';
let server: RunningAssistant;

beforeAll(async () => {
  server = await startAssistant({ engine: createScriptedEngine(), env: { WEBCHAT_ALLOWED_ORIGINS: `${ALLOWED}, http://localhost:8080` } });
});
afterAll(() => server.close());

const token = (origin?: string) => fetch(`${server.url}/api/webchat/token`, { method: 'POST', headers: origin ? { origin } : {} });
const preflight = (url: string, origin: string, headers = 'authorization,content-type,x-ms-bot-agent') =>
  fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

describe('web chat token endpoint and origins', () => {
  it('gives a token to an allowed site, readable by its page (CORS)', async () => {
    const res = await token(ALLOWED);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(await res.json()).toMatchObject({ token: expect.any(String), conversationId: expect.any(String) });
  });

  it('refuses a site not in WEBCHAT_ALLOWED_ORIGINS with 403, in a form its page can read', async () => {
    const res = await token('https://autre-site.example.com');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'Forbidden', message: expect.stringMatching(/not allowed/) } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://autre-site.example.com');
    expect((await preflight(`${server.url}/api/webchat/token`, 'https://autre-site.example.com', 'content-type')).status).toBe(403);
  });

  it('gives tokens to its own page and to callers without an Origin (servers, curl)', async () => {
    expect((await token(server.url)).status).toBe(200);
    expect((await token()).status).toBe(200);
  });

  it('answers the preflight of an allowed site on the token endpoint', async () => {
    const res = await preflight(`${server.url}/api/webchat/token`, ALLOWED, 'content-type');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('Direct Line and origins', () => {
  it('answers the preflight of an allowed site with the headers Web Chat sends, without credentials', async () => {
    for (const path of ['/conversations', '/conversations/abc/activities', '/tokens/refresh']) {
      const res = await preflight(`${server.url}/v3/directline${path}`, 'http://localhost:8080');
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-ms-bot-agent']));
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('lets an allowed site read its answers, and gives no CORS header to another site', async () => {
    const allowed = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { origin: ALLOWED, authorization: `Bearer ${TEST_SECRET}` } });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const other = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { origin: 'https://autre-site.example.com', authorization: `Bearer ${TEST_SECRET}` } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(`${server.url}/v3/directline/conversations`, 'https://autre-site.example.com')).status).toBe(403);
  });
});

describe('embed.js', () => {
  it('is served as a script with the safety rule of dialogs/assistant.json, and loads the chat from the assistant', async () => {
    const res = await fetch(`${server.url}/embed.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const body = await res.text();
    expect(body).toContain('"safetyRule":"L\'assistant vous demande un code ou un mot de passe seulement');
    expect(body).not.toContain('/*config*/');
    expect(body).toContain("'vendor/webchat.js'");
    expect((await fetch(`${server.url}/chat-core.js`)).status).toBe(200);
  });
});
