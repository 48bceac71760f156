/** The server as a process: configuration errors, graceful shutdown, what reaches standard output. */
import { afterEach, describe, expect, it } from 'vitest';
import { call, TEST_SECRET } from '../support/assistant-server.js';
import { spawnTs, type Spawned } from '../support/process.js';

const running: Spawned[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

function start(file: string, env: Record<string, string>): Spawned {
  const p = spawnTs(file, env);
  running.push(p);
  return p;
}

describe('configuration errors', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['a port that is not a number', { PORT: 'abc' }, /^Invalid configuration: PORT .*"abc"/],
    ['a token lifetime below the minimum', { DIRECT_LINE_TOKEN_TTL_SECONDS: '5' }, /^Invalid configuration: DIRECT_LINE_TOKEN_TTL_SECONDS /],
    ['production without a Direct Line secret', { NODE_ENV: 'production', SIMULATOR: 'on' }, /^Invalid configuration: DIRECT_LINE_SECRET /],
  ];
  it.each(cases)('stops with one line naming the variable and exit code 1: %s', async (_name, env, line) => {
    const p = start('src/server/main.ts', env);
    expect(await p.exited).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(p.stderr() + p.stdout()).not.toMatch(/\n\s+at /);
    expect(p.stdout()).toBe('');
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM, lets the turn in flight answer, then exits 0', async () => {
    const p = start('test/e2e/fixtures/slow-turn-server.ts', { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DIRECT_LINE_SECRET: TEST_SECRET, LOG_LEVEL: 'info' });
    const listening = await p.waitFor(/"event":"server.listening"[^\n]*"port":\d+/);
    const url = `http://127.0.0.1:${/"port":(\d+)/.exec(listening)![1]}/v3/directline`;
    const { body } = await call(`${url}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = body as { token: string; conversationId: string };

    const slow = call(`${url}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'lent' } });
    await p.waitFor(/slow turn started/);
    p.child.kill('SIGTERM');
    await p.waitFor(/"event":"server.shutdown"/);

    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.body.id).toMatch(/\|0000001$/);
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toMatch(/"event":"server.stopped"/);
  });
});
