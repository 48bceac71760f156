import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpBackendClient } from '../../../src/backend/client/index.js';
import { fromRoot } from '../../../src/shared/paths.js';

/**
 * `npm run backend` is `tsx src/cli/backend.ts`: the same program is started here, on a free port
 * (SIM_PORT=0), as a separate process.
 */
let child: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  child = spawn(process.execPath, [fromRoot('node_modules/tsx/dist/cli.mjs'), fromRoot('src/cli/backend.ts')], {
    cwd: fromRoot(),
    env: { ...process.env, SIM_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Simulated backend: (http:\/\/localhost:\d+\/sim)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${String(code)}: ${output}`)));
  });
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('standalone simulated backend (npm run backend)', () => {
  it('serves the same /sim paths on its own port', async () => {
    const health = await fetch(base.replace(/\/sim$/, '/healthz'));
    expect(health.status).toBe(200);
    const personas = (await (await fetch(`${base}/personas`)).json()) as Array<{ id: string }>;
    expect(personas.length).toBeGreaterThanOrEqual(10);
  });

  it('is reachable by the HTTP client as BACKEND_URL, with links on its own address', async () => {
    const client = createHttpBackendClient({ baseUrl: base, retries: 0 });
    expect(await client.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' })).toMatchObject({ ok: true, value: { linkValidMinutes: 30 } });
    const [mail] = (await (await fetch(`${base}/outbox?to=julien.moreau@example.fr`)).json()) as Array<{ link: string }>;
    const port = new URL(base).port;
    expect(mail!.link).toMatch(new RegExp(`^http://localhost:${port}/sim/links/reset/`));
    expect((await fetch(mail!.link.replace('localhost', '127.0.0.1'))).status).toBe(200);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
