/**
 * The Bot Framework channel loads botbuilder on first use: nothing is imported until a request
 * (or a delivery, or `load()`), the request that triggers the load is answered by the loaded
 * channel, requests arriving during the load share it, and a failed load is tried again by the
 * next request. The real import is exercised by the integration tests of /api/messages, whose
 * first request reaches a freshly started assistant.
 */
import express, { Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotFrameworkChannel, BotFrameworkOptions } from '../../../../src/channels/botframework/bot-framework.js';
import { createLazyBotFrameworkChannel } from '../../../../src/channels/botframework/index.js';
import { createSilentLogger } from '../../../../src/shared/logger.js';

type ChannelModule = { createBotFrameworkChannel: (options: BotFrameworkOptions) => BotFrameworkChannel };

const options: BotFrameworkOptions = {
  logger: createSilentLogger(),
  apology: { fr: 'Désolé.', en: 'Sorry.' },
  runner: { turn: () => Promise.reject(new Error('not used')), welcome: () => Promise.reject(new Error('not used')) } as unknown as BotFrameworkOptions['runner'],
};

/** A channel module whose router says which creation answered; deliveries are recorded. */
function fakeModule(delivered: string[], created: BotFrameworkOptions[]): ChannelModule {
  return {
    createBotFrameworkChannel: (given) => {
      created.push(given);
      const router = Router();
      router.post('/', (_req, res) => {
        res.status(200).json({ answeredBy: created.length });
      });
      return { router, emulatorMode: true, deliver: (conversationId, message) => Promise.resolve(void delivered.push(`${conversationId}:${message.text}`)) };
    },
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

let server: Server | undefined;
afterEach(async () => {
  const closing = server;
  server = undefined;
  if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
});

async function serve(router: Router): Promise<string> {
  const app = express();
  app.use('/api/messages', router);
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: error.message });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
}

const post = async (url: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the Bot Framework channel, loaded on first use', () => {
  it('imports nothing until the first request, which it answers once loaded; requests during the load share it', async () => {
    const created: BotFrameworkOptions[] = [];
    const module = deferred<ChannelModule>();
    const asked = deferred<void>();
    let imports = 0;
    const channel = createLazyBotFrameworkChannel(options, () => {
      imports += 1;
      asked.resolve();
      return module.promise;
    });
    const url = await serve(channel.router);
    expect(imports).toBe(0);
    expect(channel.loaded()).toBe(false);

    const first = post(url);
    const second = post(url);
    await asked.promise;
    module.resolve(fakeModule([], created));
    expect(await first).toEqual({ status: 200, body: { answeredBy: 1 } });
    expect(await second).toEqual({ status: 200, body: { answeredBy: 1 } });
    expect(await post(url)).toEqual({ status: 200, body: { answeredBy: 1 } });
    expect(imports).toBe(1);
    expect(created).toEqual([options]);
    expect(channel.loaded()).toBe(true);
  });

  it('answers 500 when the load fails, and loads again at the next request', async () => {
    const created: BotFrameworkOptions[] = [];
    let imports = 0;
    const channel = createLazyBotFrameworkChannel(options, () => {
      imports += 1;
      return imports === 1 ? Promise.reject(new Error('cannot load botbuilder')) : Promise.resolve(fakeModule([], created));
    });
    const url = await serve(channel.router);
    expect(await post(url)).toEqual({ status: 500, body: { error: 'cannot load botbuilder' } });
    expect(await post(url)).toEqual({ status: 200, body: { answeredBy: 1 } });
    expect(imports).toBe(2);
  });

  it("loads for an advisor's message as for a request, and when asked to", async () => {
    const delivered: string[] = [];
    let imports = 0;
    const channel = createLazyBotFrameworkChannel(options, () => {
      imports += 1;
      return Promise.resolve(fakeModule(delivered, []));
    });
    await channel.deliver('conv-1', { text: 'Bonjour, je suis Lina', fromName: 'Lina' });
    expect(delivered).toEqual(['conv-1:Bonjour, je suis Lina']);
    await channel.load();
    expect(imports).toBe(1);
  });

  it('says Emulator mode from its options without loading anything', () => {
    let imports = 0;
    const load = () => {
      imports += 1;
      return Promise.resolve(fakeModule([], []));
    };
    expect(createLazyBotFrameworkChannel(options, load).emulatorMode).toBe(true);
    expect(createLazyBotFrameworkChannel({ ...options, appId: 'app' }, load).emulatorMode).toBe(false);
    expect(createLazyBotFrameworkChannel({ ...options, emulator: false }, load).emulatorMode).toBe(false);
    expect(imports).toBe(0);
  });
});
