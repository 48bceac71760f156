/**
 * Optional services for tests. Locally, a test that needs Redis or a browser skips itself with a
 * clear message when the service is absent; in CI (.ci/run sets REQUIRE_REDIS=1 and
 * REQUIRE_BROWSER=1) it fails instead, so that nothing is silently left out.
 */
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';

export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/0';
const requireRedis = process.env.REQUIRE_REDIS === '1';
const requireBrowser = process.env.REQUIRE_BROWSER === '1';

function canConnect(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The Redis URL to test against, or undefined (with a warning) when Redis is not reachable. */
export async function redisForTests(): Promise<string | undefined> {
  if (await canConnect(REDIS_TEST_URL)) return REDIS_TEST_URL;
  if (requireRedis) throw new Error(`REQUIRE_REDIS=1 but Redis is not reachable at ${REDIS_TEST_URL}`);
  console.warn(`[skip] Redis is not reachable at ${REDIS_TEST_URL}: Redis tests are skipped (REQUIRE_REDIS=1 makes them fail).`);
  return undefined;
}

/** A key prefix no other test (or developer) uses; tests never FLUSHDB. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}:`;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The Chromium executable, or undefined (with a warning) when it is not installed. */
export function chromiumForTests(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (requireBrowser) throw new Error(`REQUIRE_BROWSER=1 but Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`);
  console.warn(`[skip] Chromium is not installed at ${CHROMIUM_PATH}: browser tests are skipped (REQUIRE_BROWSER=1 makes them fail).`);
  return undefined;
}

/** Launch flags for Debian's Chromium on a closed network, as root, headless. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
