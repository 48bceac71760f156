import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { assemble, type Assistant } from '../../src/server/assemble.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';

let assistant: Assistant;
let server: Server;
let base: string;

beforeAll(async () => {
  assistant = await assemble(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), { clock: createFakeClock('2026-01-15T09:00:00Z'), logger: createSilentLogger() });
  server = assistant.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await assistant.close();
});

function post(body: string, contentType = 'application/json') {
  return fetch(`${base}/api/nlu/parse`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe('POST /api/nlu/parse', () => {
  it('answers {text, intent, ranking, entities} as the contract says', async () => {
    const response = await post(JSON.stringify({ text: "j'ai perdu ma carte vitale, mon NIR est 1 85 05 78 006 084 91" }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      text: "j'ai perdu ma carte vitale, mon NIR est 1 85 05 78 006 084 91",
      intent: { name: 'card.vitale_lost' },
      entities: [{ type: 'nir', value: '185057800608491', start: 40, end: 61 }],
      language: 'fr',
    });
    const ranking = body.ranking as Array<{ name: string; confidence: number }>;
    expect(ranking[0]).toEqual(body.intent);
    expect(ranking.length).toBe(31);
    expect(typeof ranking[0]?.confidence).toBe('number');
  });

  it('answers out_of_scope for a topic the assistant does not cover', async () => {
    const body = (await (await post(JSON.stringify({ text: 'quel temps fera-t-il demain à Brest ?' }))).json()) as { intent: { name: string } };
    expect(body.intent.name).toBe('out_of_scope');
  });

  it('refuses a body without a text, an empty text or a text too long with 400', async () => {
    for (const body of ['{}', '{"text": 42}', '[]', '"bonjour"', '{"text": "   "}', JSON.stringify({ text: 'a'.repeat(1001) })]) {
      const response = await post(body);
      expect(response.status, body.slice(0, 20)).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BadArgument' } });
    }
  });

  it('refuses malformed JSON with 400 and a body over the size limit with 413', async () => {
    expect((await post('{"text": ')).status).toBe(400);
    expect((await post(JSON.stringify({ text: 'a'.repeat(20_000) }))).status).toBe(413);
  });

  it('exposes the NLU on the assistant for the engine', () => {
    expect(assistant.services.nlu.parse('bonjour').intent.name).toBe('greeting');
    expect(assistant.services.nlu.validators.nir('1 85 05 78 006 084 91', { now: new Date('2026-01-15T09:00:00Z') })).toMatchObject({ ok: true });
  });
});
