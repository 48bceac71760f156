/** With REDIS_URL, Direct Line conversations live in Redis: another instance (or a restart) sees them. */
import WS from 'ws';
import { describe, expect, it } from 'vitest';
import { call, startAssistant, TEST_SECRET } from '../../support/assistant-server.js';
import { redisForTests, uniquePrefix } from '../../support/services.js';

const redisUrl = await redisForTests();

describe.skipIf(!redisUrl)('Direct Line on Redis', () => {
  it('continues a conversation on a second instance sharing Redis and the secret', async () => {
    const redisPrefix = uniquePrefix('dl-instances');
    const env = { REDIS_URL: redisUrl! };
    const a = await startAssistant({ env, redisPrefix });
    const b = await startAssistant({ env, redisPrefix });
    try {
      const started = await call(`${a.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET });
      const { token, conversationId } = started.body as { token: string; conversationId: string };
      const posted = await call(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'bonjour' } });
      expect(posted.status).toBe(200);
      const { body } = await call(`${a.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token });
      const texts = (body.activities as Array<{ text: string }>).map((x) => x.text);
      // The welcome (written by instance a), the message, then the answer (written by instance b).
      const asked = texts.indexOf('bonjour');
      expect(asked).toBeGreaterThan(0);
      expect(texts[asked + 1]).toMatch(/^Bonjour/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('streams to a client on one instance what was posted on another', async () => {
    const redisPrefix = uniquePrefix('dl-streams');
    const env = { REDIS_URL: redisUrl! };
    const a = await startAssistant({ env, redisPrefix });
    const b = await startAssistant({ env, redisPrefix });
    try {
      const started = await call(`${a.url}/v3/directline/conversations`, { method: 'POST', auth: TEST_SECRET });
      const { token, conversationId, streamUrl } = started.body as { token: string; conversationId: string; streamUrl: string };
      const ws = new WS(streamUrl);
      const texts: string[] = [];
      const received = new Promise<void>((resolve) => {
        ws.on('message', (data: WS.Data) => {
          for (const activity of (JSON.parse((data as Buffer | string).toString()) as { activities: Array<{ text: string }> }).activities) texts.push(activity.text);
          const asked = texts.indexOf('ailleurs');
          if (asked >= 0 && texts.length > asked + 1) resolve();
        });
      });
      await new Promise((resolve) => ws.once('open', resolve));
      await call(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'ailleurs' } });
      await received;
      // Posted on b, the message and its answer reach the stream opened on a, after the welcome.
      const asked = texts.indexOf('ailleurs');
      expect(asked).toBeGreaterThan(0);
      expect(texts[asked + 1]).toEqual(expect.any(String));
      ws.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
