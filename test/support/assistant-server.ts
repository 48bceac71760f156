/**
 * The whole assistant as the server assembles it (channels, services, the embedded simulator),
 * listening on a free local port, with the configuration of the test's environment; and `call`,
 * a JSON request to it.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { Engine } from '../../src/shared/conversation.js';
import { assemble, type Assistant } from '../../src/server/assemble.js';
import type { Clock } from '../../src/shared/clock.js';
import { createLogger, type Logger } from '../../src/shared/logger.js';

export const TEST_SECRET = 'test-direct-line-secret-0123456789abcdef';

export interface RunningAssistant {
  url: string;
  assistant: Assistant;
  config: Config;
  close(): Promise<void>;
}

/** The whole assistant (assemble()), listening on a free port of 127.0.0.1. */
export async function startAssistant(options: { env?: Record<string, string>; engine?: Engine; clock?: Clock; logger?: Logger; redisPrefix?: string } = {}): Promise<RunningAssistant> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DIRECT_LINE_SECRET: TEST_SECRET, ...options.env });
  const assistant = await assemble(config, {
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.redisPrefix ? { redisPrefix: options.redisPrefix } : {}),
  });
  const server: Server = assistant.app.listen(0, '127.0.0.1');
  assistant.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  assistant.onListening(port);
  return {
    url: `http://127.0.0.1:${port}`,
    assistant,
    config,
    close: async () => {
      // Streams first: an open WebSocket would keep server.close() waiting.
      await assistant.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A small JSON client for hand-made protocol requests. */
export async function call(url: string, options: { method?: string; auth?: string; body?: unknown; rawBody?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (options.auth) headers.authorization = `Bearer ${options.auth}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: options.method ?? (options.body !== undefined || options.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
