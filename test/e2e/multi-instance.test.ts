/**
 * Issue 14: several real server processes on one Redis (and on a Redis Cluster) serve one
 * conversation. Messages sent at once to both instances are each answered once, in the order they
 * were accepted, whichever instance took them; a process killed while it holds the conversation
 * blocks it no longer than its lease (CONVERSATION_LOCK_MS), and the client's retry is answered once.
 *
 * The servers run a "ledger" engine (fixtures/ledger-server.ts): each reply says the message's
 * number and the messages before it, as the engine saw them in its state. The log is in order when
 * every message is followed by its reply and every reply lists exactly the messages before it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../support/assistant-server.js';
import { spawnTs, type Spawned } from '../support/process.js';
import { dropPrefixes } from '../support/redis-cleanup.js';
import { redisClusterAvailable, startCluster, type OwnCluster } from '../support/redis-cluster.js';
import { redisForTests, uniquePrefix } from '../support/services.js';

const redisUrl = await redisForTests();
const clusterTools = redisClusterAvailable();

interface Instance {
  url: string;
  process: Spawned;
}

const running: Spawned[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const p = spawnTs('test/e2e/fixtures/ledger-server.ts', { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'info', DIRECT_LINE_SECRET: TEST_SECRET, DIRECT_LINE_MESSAGES_PER_MINUTE: '0', ...env });
  running.push(p);
  const listening = await p.waitFor(/"event":"server.listening"[^\n]*"port":\d+/, 30_000);
  return { url: `http://127.0.0.1:${/"port":(\d+)/.exec(listening)![1]}/v3/directline`, process: p };
}

interface Activity {
  id: string;
  text: string;
  replyToId?: string;
  from: { role?: string };
}

const post = (instance: Instance, conversationId: string, token: string, text: string) =>
  fetch(`${instance.url}/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    // The client's id makes a retry of this message recognisable on any instance.
    body: JSON.stringify({ type: 'message', from: { id: 'x' }, text, channelData: { clientActivityID: `web-${text}` } }),
  });

async function open(instance: Instance): Promise<{ conversationId: string; token: string }> {
  const res = await fetch(`${instance.url}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${TEST_SECRET}` } });
  expect(res.status).toBe(201);
  return (await res.json()) as { conversationId: string; token: string };
}

async function log(instance: Instance, conversationId: string, token: string): Promise<Activity[]> {
  const res = await fetch(`${instance.url}/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { activities: Activity[] }).activities;
}

/** Every message once, followed by its one reply, which lists exactly the messages before it. */
function expectInOrder(activities: Activity[], sent: readonly string[]): void {
  expect(activities[0]?.text).toBe('Bienvenue');
  const said = activities.slice(1);
  const messages = said.filter((a) => a.from.role === 'user').map((a) => a.text);
  expect([...messages].sort()).toEqual([...sent].sort());
  expect(said).toHaveLength(messages.length * 2);
  for (let i = 0; i < messages.length; i++) {
    const [message, reply] = [said[2 * i]!, said[2 * i + 1]!];
    expect(message.from.role).toBe('user');
    expect(reply.replyToId).toBe(message.id);
    expect(reply.text).toBe(`#${i + 1} ${message.text} après [${messages.slice(0, i).join(',')}]`);
  }
}

/** Sends each round's messages at once, alternating between the instances. */
async function sendAtOnce(instances: Instance[], conversationId: string, token: string, rounds: string[][]): Promise<void> {
  for (const round of rounds) {
    const answers = await Promise.all(round.map((text, i) => post(instances[i % instances.length]!, conversationId, token, text)));
    expect(answers.map((a) => a.status)).toEqual(round.map(() => 200));
    const ids = await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(round.length);
  }
}

const rounds = [0, 1, 2].map((r) => Array.from({ length: 6 }, (_, i) => `m${r}${i}`));

describe.skipIf(!redisUrl)('two server processes on one Redis', () => {
  const prefixes = [uniquePrefix('two-processes'), uniquePrefix('kill-holder')];
  afterAll(() => dropPrefixes(redisUrl!, prefixes));

  it('answers messages sent at once to both instances each once, in the order they were accepted', async () => {
    const env = { REDIS_URL: redisUrl!, TEST_REDIS_PREFIX: prefixes[0]! };
    const instances = await Promise.all([startInstance(env), startInstance(env)]);
    const { conversationId, token } = await open(instances[0]);
    await sendAtOnce(instances, conversationId, token, rounds);
    expectInOrder(await log(instances[1], conversationId, token), rounds.flat());
  }, 90_000);

  it('kill one while it holds the conversation: blocked no longer than the lease, the retry answered once, nothing lost, in order', async () => {
    const LOCK_MS = 1500;
    const env = { REDIS_URL: redisUrl!, TEST_REDIS_PREFIX: prefixes[1]!, CONVERSATION_LOCK_MS: String(LOCK_MS) };
    const [doomed, survivor] = await Promise.all([startInstance({ ...env, LEDGER_DELAY_MS: '60000' }), startInstance(env)]);
    const { conversationId, token } = await open(survivor);
    expect((await post(doomed, conversationId, token, 'un')).status).toBe(200);
    expect((await post(survivor, conversationId, token, 'deux')).status).toBe(200);

    const lost = post(doomed, conversationId, token, 'lent').catch((error: unknown) => error);
    await doomed.process.waitFor(/holding lent/);
    doomed.process.child.kill('SIGKILL');
    expect(await lost).toBeInstanceOf(Error);

    // The client sends the message again, to the other instance; another message follows it.
    const started = Date.now();
    const retry = post(survivor, conversationId, token, 'lent');
    const next = post(survivor, conversationId, token, 'trois');
    expect((await retry).status).toBe(200);
    const blockedMs = Date.now() - started;
    expect((await next).status).toBe(200);
    expect(blockedMs).toBeLessThan(LOCK_MS + 2500);
    expectInOrder(await log(survivor, conversationId, token), ['un', 'deux', 'lent', 'trois']);
    expect((await log(survivor, conversationId, token)).map((a) => a.text).filter((t) => t === 'lent')).toHaveLength(1);
  }, 90_000);
});

describe.skipIf(!clusterTools)('two server processes on a Redis Cluster', () => {
  let cluster: OwnCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('answers messages sent at once to both instances each once, in the order they were accepted', async () => {
    const env = { REDIS_CLUSTER_NODES: cluster.nodes.join(','), TEST_REDIS_PREFIX: uniquePrefix('cluster-processes') };
    const instances = await Promise.all([startInstance(env), startInstance(env)]);
    const { conversationId, token } = await open(instances[1]);
    await sendAtOnce(instances, conversationId, token, rounds);
    expectInOrder(await log(instances[0], conversationId, token), rounds.flat());
  }, 90_000);
});
