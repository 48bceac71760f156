import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage, PersonaView } from '../../../src/backend/simulator/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { fromRoot } from '../../../src/shared/paths.js';
import { assemble, type Assistant } from '../../../src/server/assemble.js';
import { startTestSimulator, type TestSimulator } from '../../support/simulator.js';

const running: Array<{ assistant: Assistant; server: Server }> = [];
const others: TestSimulator[] = [];
afterEach(async () => {
  for (const { assistant, server } of running.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await assistant.close();
  }
  for (const sim of others.splice(0)) await sim.close();
});

async function start(env: Record<string, string>) {
  const assistant = await assemble(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', ...env }), { logger: createSilentLogger() });
  const server = assistant.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  running.push({ assistant, server });
  return { assistant, port, url: `http://127.0.0.1:${port}` };
}

const SECRET = 's'.repeat(40);


describe('embedded simulator (assemble)', () => {
  it('is mounted at /sim by default, and the assistant reaches it over HTTP once listening', async () => {
    const { assistant, port } = await start({});
    assistant.onListening(port);
    expect(await assistant.services.backend.call('resetLinkStatus', { token: 'any-token' })).toEqual({ ok: true, value: { status: 'unknown' } });
    const personas = (await (await fetch(`http://127.0.0.1:${port}/sim/personas`)).json()) as PersonaView[];
    expect(personas.length).toBeGreaterThanOrEqual(10);
  });

  it('is still reached over HTTP without a server (terminal chat, engine tests), on a loopback port of its own', async () => {
    const assistant = await assemble(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), { logger: createSilentLogger() });
    try {
      expect((await assistant.services.backend.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' })).ok).toBe(true);
      const link = new URL((await assistant.services.simulator()!.outbox('julien.moreau@example.fr')).at(-1)!.link!);
      expect(link.hostname).toBe('localhost');
      expect((await fetch(link.href.replace('localhost', '127.0.0.1'))).status).toBe(200);
      expect((await assistant.services.simulator()!.personas()).find((p) => p.id === 'julien-moreau')).toMatchObject({ ameliAccount: 'active' });
    } finally {
      await assistant.close();
    }
  });

  it("keeps its state in the assistant's store under its own prefix, and shows changes in /sim/personas", async () => {
    // HOST names one interface: the assistant reaches its /sim there, not on 0.0.0.0.
    const { assistant, url } = await start({ HOST: '127.0.0.1' });
    assistant.onListening(Number(new URL(url).port));
    expect((await assistant.services.stores.simulatorKv.keys('person:')).length).toBeGreaterThanOrEqual(10);
    expect(await assistant.services.stores.kv.keys('person:')).toEqual([]);
    const p = ((await (await fetch(`${url}/sim/personas`)).json()) as PersonaView[]).find((x) => x.id === 'julien-moreau')!;
    const session = await assistant.services.backend.call('mesIdentify', { provisionalCode: p.mes.provisionalCode, nir: p.nir, birthDate: '1979-03-22', cardType: 'photo', vitaleSerial: p.mes.vitaleSerial! });
    if (!session.ok) throw new Error(session.error.code);
    await assistant.services.backend.call('mesSendAccessCode', { enrolmentId: session.value.enrolmentId, channel: 'email' });
    const [mail] = (await (await fetch(`${url}/sim/outbox?to=${p.email!}`)).json()) as OutboxMessage[];
    expect(await assistant.services.backend.call('mesVerifyAccessCode', { enrolmentId: session.value.enrolmentId, code: mail!.code! })).toEqual({ ok: true, value: { status: 'verified' } });
    expect((await assistant.services.backend.call('mesOppose', { enrolmentId: session.value.enrolmentId })).ok).toBe(true);
    const after = (await (await fetch(`${url}/sim/personas/julien-moreau`)).json()) as PersonaView;
    expect(after.mes.status).toBe('opposed');
  });

  it('puts links on the address the assistant listens at, and POST /sim/clock expires them', async () => {
    const { assistant, port, url } = await start({});
    assistant.onListening(port);
    expect((await assistant.services.backend.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' })).ok).toBe(true);
    const [mail] = (await (await fetch(`${url}/sim/outbox?to=julien.moreau@example.fr`)).json()) as OutboxMessage[];
    expect(mail!.link).toMatch(new RegExp(`^http://localhost:${port}/sim/links/reset/`));
    const link = mail!.link!.replace('localhost', '127.0.0.1');
    expect((await fetch(link)).status).toBe(200);
    await fetch(`${url}/sim/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceMinutes: 30 }) });
    expect((await fetch(link)).status).toBe(410);
  });

  it('uses BACKEND_URL instead, and does not mount /sim then', async () => {
    const remote = await startTestSimulator();
    others.push(remote);
    const { assistant, port, url } = await start({ BACKEND_URL: remote.base });
    assistant.onListening(port);
    expect(assistant.services.simulator()).toBeUndefined();
    expect((await fetch(`${url}/sim/personas`)).status).toBe(404);
    expect((await assistant.services.backend.call('requestPasswordReset', { nir: '1790375056234', birthDate: '1979-03-22' })).ok).toBe(true);
    expect(await remote.outbox('julien.moreau@example.fr')).toHaveLength(1);
  });
});

describe('production', () => {
  it('never mounts /sim without SIMULATOR=on', async () => {
    const remote = await startTestSimulator();
    others.push(remote);
    const { url } = await start({ NODE_ENV: 'production', DIRECT_LINE_SECRET: SECRET, BACKEND_URL: remote.base });
    expect((await fetch(`${url}/sim/personas`)).status).toBe(404);
    expect((await fetch(`${url}/sim/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"advanceMinutes":1}' })).status).toBe(404);
  });

  it('mounts /sim when SIMULATOR=on is given explicitly', async () => {
    const { url } = await start({ NODE_ENV: 'production', DIRECT_LINE_SECRET: SECRET, SIMULATOR: 'on' });
    expect((await fetch(`${url}/sim/personas`)).status).toBe(200);
  });

  it('refuses to start without a backend: the real start-up command exits with one line', async () => {
    const child = spawn(process.execPath, [fromRoot('node_modules/tsx/dist/cli.mjs'), fromRoot('src/server/main.ts')], {
      cwd: fromRoot(),
      env: { ...process.env, NODE_ENV: 'production', DIRECT_LINE_SECRET: SECRET, BACKEND_URL: '', SIMULATOR: '', PORT: '0', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Invalid configuration: NODE_ENV=production needs BACKEND_URL, or SIMULATOR=on to run on the simulated backend.');
  }, 30_000);
});
