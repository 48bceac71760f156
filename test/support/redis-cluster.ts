/**
 * A Redis Cluster of a test's own: three masters (`redis-server --cluster-enabled yes`) on spare
 * ports between 6420 and 6449, joined by `redis-cli --cluster create … --cluster-replicas 0
 * --cluster-yes`, in a temporary folder, stopped by their pids (never the shared Redis on 6379).
 * Absent redis-server or redis-cli: the tests skip with a message, unless REQUIRE_REDIS=1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { portFree, redisToolsAvailable } from './redis-server.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIRST_PORT = 6420;
const LAST_PORT = 6449;
const MASTERS = 3;

export interface OwnCluster {
  ports: number[];
  /** The seeds, as REDIS_CLUSTER_NODES takes them. */
  nodes: string[];
  /** Answers `redis-cli -p <port> <args>` on the first node (CLUSTER KEYSLOT…). */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

export function redisClusterAvailable(): boolean {
  return redisToolsAvailable(['redis-server', 'redis-cli'], 'Redis Cluster tests');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Free ports for the masters (and their cluster bus, port + 10000), from a per-process offset. */
async function reservePorts(attempt: number): Promise<number[]> {
  const count = LAST_PORT - FIRST_PORT + 1;
  const ports: number[] = [];
  for (let i = 0; ports.length < MASTERS && i < count; i++) {
    const port = FIRST_PORT + ((process.pid * 7 + attempt * MASTERS + i) % count);
    if ((await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  if (ports.length < MASTERS) throw new Error(`no ${MASTERS} free ports for a Redis Cluster between ${FIRST_PORT} and ${LAST_PORT}`);
  return ports;
}

const cli = (port: number, args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();

/**
 * Starts the cluster; another test file may take the same free ports at the same moment, so a
 * failed start is tried again on other ports.
 */
export async function startCluster(): Promise<OwnCluster> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOnce(attempt);
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

async function startOnce(attempt: number): Promise<OwnCluster> {
  const ports = await reservePorts(attempt);
  const dir = mkdtempSync(join(tmpdir(), 'ameli-cluster-'));
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    ),
  );
  // Never left behind, even when the test process ends without its afterAll.
  const killAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async () => {
    killAll();
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((resolve) => c.once('exit', resolve)))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let i = 0; i < 100 && cli(port, ['PING']) !== 'PONG'; i++) await sleep(50);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (let i = 0; i < 200 && !ports.every((p) => cli(p, ['CLUSTER', 'INFO']).includes('cluster_state:ok')); i++) await sleep(50);
    if (!ports.every((p) => cli(p, ['CLUSTER', 'INFO']).includes('cluster_state:ok'))) throw new Error('the Redis Cluster did not come up');
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, nodes: ports.map((p) => `redis://127.0.0.1:${p}`), cli: (...args) => cli(ports[0]!, args), stop };
}
