/** The web chat page's server side: the page, the Web Chat bundle from node_modules, the token endpoint. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetyRule } from '../../../src/channels/shared/safety-rule.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';

let server: RunningAssistant;
beforeAll(async () => {
  server = await startAssistant();
});
afterAll(() => server.close());

describe('web chat page', () => {
  it('serves the French page at / with a strict content security policy', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<script src="vendor/webchat.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('shows the safety rule of dialogs/assistant.json in its footer, and nothing that contradicts it', async () => {
    const html = await (await fetch(server.url)).text();
    const rule = readSafetyRule().fr;
    expect(html).toContain(rule);
    expect(html).not.toContain('même à l\'assistant');
    expect(html).not.toContain('<!--safety-rule-->');
  });

  it('offers "Nouvelle conversation" and the "Facile à lire" switch', async () => {
    const html = await (await fetch(server.url)).text();
    expect(html).toMatch(/<button id="new-conversation" type="button"[^>]*>Nouvelle conversation<\/button>/);
    expect(html).toMatch(/<input id="easy-read" type="checkbox" role="switch" \/> <span>Facile à lire<\/span>/);
  });

  it('keeps its content security policy to its own files', async () => {
    // A path the page does not serve goes on to whatever is mounted after it, without the page's policy.
    const res = await fetch(`${server.url}/not-a-page-file`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('serves the official Web Chat bundle from node_modules', async () => {
    const res = await fetch(`${server.url}/vendor/webchat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect((await res.text()).length).toBeGreaterThan(1_000_000);
  });

  it('gives the page a Direct Line token for a new conversation, never the secret', async () => {
    const res = await call(`${server.url}/api/webchat/token`, { method: 'POST' });
    expect(res).toMatchObject({ status: 200, body: { token: expect.any(String), conversationId: expect.any(String), expires_in: 1800 } });
    expect(JSON.stringify(res.body)).not.toContain(TEST_SECRET);
    const started = await call(`${server.url}/v3/directline/conversations`, { method: 'POST', auth: String(res.body.token) });
    expect(started).toMatchObject({ status: 201, body: { conversationId: res.body.conversationId } });
    const other = await call(`${server.url}/api/webchat/token`, { method: 'POST' });
    expect(other.body.conversationId).not.toBe(res.body.conversationId);
  });
});
