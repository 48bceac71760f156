/**
 * Several instances (issue 14): two assistant processes sharing a Redis of this benchmark's own,
 * behind a small round-robin balancer, measured in the same run as one instance in memory behind
 * the same balancer. Conversations are played over Direct Line as Web Chat does with polling, each
 * message going to whichever instance the balancer picks, so that every turn crosses instances.
 *
 * 1. Throughput: 50 conversations in a closed loop (no think time) for a few seconds, on the single
 *    in-memory instance, then on the two Redis instances. Target: turns per second per Redis
 *    instance ≥ 80% of the single in-memory instance's.
 * 2. Latency: 100 turns per second offered over 50 conversations (think time 500 ms on average)
 *    on the two Redis instances. Target: p99 ≤ 15 ms per POST, no error.
 *
 * The balancer and this load run in the same process, on the same machine as the instances and
 * Redis: on a small or shared machine they compete for the same cores, and the figures say more
 * about the machine than about the assistant. So the CPU time each process used during each run
 * is read too (Linux, /proc): turns per CPU-second of an instance is the throughput it reaches
 * with a core of its own. Two instances, Redis, the balancer and this load need at least 4
 * cores for the wall-clock ratio to mean anything; below that, the target is checked on the CPU
 * ratio (an instance on Redis against the one in memory, Redis's own CPU counted with the
 * instances), and both figures are printed. The CPU line shows the instances' CPU and Redis's
 * apart, and the Redis commands each turn cost (INFO commandstats), so that a change can be told
 * to save one or the other. Options: --seconds N (8), --conversations N (50), --json,
 * --profile DIR (the instances write V8 CPU profiles there when they stop: node --cpu-prof).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fromRoot } from '../../src/shared/paths.js';
import { ownRedis } from '../support/redis-server.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = option('seconds', 8);
const PROFILE_DIR = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
const CONVERSATIONS = option('conversations', 50);
const TARGETS = { perInstanceRatio: 0.8, p99Ms: 15 };
const SCRIPT = [
  'bonjour',
  'comment créer mon compte ameli',
  'annuler',
  "c'est quoi mon espace santé",
  'non',
  "j'ai oublié mon mot de passe",
  'annuler',
  'quel est le numéro de téléphone',
  'merci',
  'au revoir',
];

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : 0;
  } catch {
    return 0;
  }
}

/** CPU milliseconds the processes used while `work` ran. */
async function cpuDuring<T>(pids: ReadonlyArray<number | undefined>, work: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const before = pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0);
  const result = await work();
  const after = pids.reduce<number>((sum, pid) => sum + cpuMs(pid), 0);
  return { result, cpuMs: after - before };
}

/** Calls per Redis command so far (INFO commandstats), read with redis-cli. */
function redisCommands(port: number): Map<string, number> {
  const out = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' }).stdout ?? '';
  const counts = new Map<string, number>();
  for (const match of out.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) counts.set(match[1]!, Number(match[2]));
  return counts;
}

/** Commands per turn between two readings, the most frequent first, INFO itself left out. */
function commandsPerTurn(before: Map<string, number>, after: Map<string, number>, turns: number): { total: number; by: Array<[string, number]> } {
  const by: Array<[string, number]> = [];
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0);
    if (delta > 0 && name !== 'info') by.push([name, Number((delta / turns).toFixed(2))]);
  }
  by.sort((x, y) => y[1] - x[1]);
  return { total: Number(by.reduce((sum, [, n]) => sum + n, 0).toFixed(2)), by };
}

const CORES_NEEDED = 4;

const secret = randomBytes(32).toString('base64url');
const children: ChildProcess[] = [];

async function startInstance(env: Record<string, string>): Promise<{ port: number; pid: number | undefined }> {
  const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', fromRoot('src/server/main.ts')], {
    cwd: fromRoot(),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'info', DIRECT_LINE_SECRET: secret, DIRECT_LINE_MESSAGES_PER_MINUTE: '0', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr.resume();
  return new Promise<{ port: number; pid: number | undefined }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('an instance did not start within 60 s')), 60_000);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const port = /"event":"server.listening".*"port":(\d+)/.exec(line)?.[1];
      if (port) {
        clearTimeout(timer);
        // From now on its log lines are drained unread (reading them took the load's CPU).
        lines.close();
        child.stdout.resume();
        resolve({ port: Number(port), pid: child.pid });
      }
    });
    child.once('exit', (code) => reject(new Error(`an instance exited (${code ?? 'signal'})`)));
  });
}

/** Forwards each request to the next instance in turn, as a round-robin load balancer does. */
async function startBalancer(): Promise<{ server: Server; url: string; use(ports: number[]): void }> {
  let ports: number[] = [];
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length]!;
    const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`, use: (p) => void (ports = p) };
}

interface Sample {
  ms: number;
  ok: boolean;
}

async function conversation(base: string, until: number, thinkMs: number, samples: Sample[]): Promise<void> {
  while (performance.now() < until) {
    const start = await fetch(`${base}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
    if (start.status !== 201) throw new Error(`start conversation: HTTP ${start.status}`);
    const { conversationId, token } = (await start.json()) as { conversationId: string; token: string };
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    for (const [i, text] of SCRIPT.entries()) {
      if (performance.now() >= until) return;
      if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));
      const body = JSON.stringify({ type: 'message', from: { id: 'load' }, text, locale: 'fr-FR', channelData: { clientActivityID: `${conversationId}-${i}` } });
      const t0 = performance.now();
      const res = await fetch(`${base}/conversations/${conversationId}/activities`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      samples.push({ ms: performance.now() - t0, ok: res.status === 200 });
    }
  }
}

async function run(base: string, thinkMs: number): Promise<{ turnsPerSecond: number; p50: number; p99: number; errors: number; turns: number }> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  const results = await Promise.allSettled(Array.from({ length: CONVERSATIONS }, () => conversation(base, until, thinkMs, samples)));
  const seconds = (performance.now() - t0) / 1000;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN).toFixed(2));
  return {
    turns: samples.length,
    turnsPerSecond: Number((samples.length / seconds).toFixed(1)),
    p50: at(50),
    p99: at(99),
    errors: samples.filter((s) => !s.ok).length + results.filter((r) => r.status === 'rejected').length,
  };
}

const redis = await ownRedis();
await redis.start();
const balancer = await startBalancer();
try {
  const [memory, a, b] = await Promise.all([startInstance({}), startInstance({ REDIS_URL: redis.url }), startInstance({ REDIS_URL: redis.url })]);
  // Warm-up of each instance: JIT, NLU model, knowledge index, simulator.
  for (const ports of [[memory.port], [a.port, b.port]]) {
    balancer.use(ports);
    await run(balancer.url, 0).catch(() => undefined);
  }
  balancer.use([memory.port]);
  const single = await cpuDuring([memory.pid], () => run(balancer.url, 0));
  balancer.use([a.port, b.port]);
  const commandsBefore = redisCommands(redis.port);
  const shared = await cpuDuring([a.pid, b.pid], () => cpuDuring([redis.pid()], () => run(balancer.url, 0)));
  const commands = commandsPerTurn(commandsBefore, redisCommands(redis.port), shared.result.result.turns);
  const offered = await run(balancer.url, 500);
  const wallRatio = Number((shared.result.result.turnsPerSecond / 2 / single.result.turnsPerSecond).toFixed(2));
  // Turns per CPU-second: what an instance reaches with a core of its own.
  const singleRate = single.result.turns / (single.cpuMs / 1000);
  const sharedTurns = shared.result.result.turns;
  const sharedRate = sharedTurns / ((shared.cpuMs + shared.result.cpuMs) / 1000);
  // CPU milliseconds per turn: the two instances together, and Redis.
  const perTurn = { memory: single.cpuMs / single.result.turns, instances: shared.cpuMs / sharedTurns, redis: shared.result.cpuMs / sharedTurns };
  const cpuRatio = Number((sharedRate / singleRate).toFixed(2));
  const enoughCores = cpus().length >= CORES_NEEDED;
  const ratio = enoughCores || !Number.isFinite(cpuRatio) ? wallRatio : cpuRatio;
  const errors = single.result.errors + shared.result.result.errors + offered.errors;
  const pass = ratio >= TARGETS.perInstanceRatio && offered.p99 <= TARGETS.p99Ms && errors === 0;
  if (args.includes('--json')) {
    console.log(JSON.stringify({ seconds: SECONDS, conversations: CONVERSATIONS, cores: cpus().length, single: single.result, shared: shared.result.result, offered, perInstanceRatio: wallRatio, perInstanceCpuRatio: cpuRatio, cpuMsPerTurn: perTurn, redisCommandsPerTurn: commands, checked: enoughCores ? 'wall' : 'cpu', targets: TARGETS }));
  } else {
    const s1 = single.result;
    const s2 = shared.result.result;
    console.log(`${cpus().length} cores; two instances, Redis, the balancer and the load need ${CORES_NEEDED} for the wall-clock ratio to be checked`);
    console.log(`one instance in memory: ${s1.turnsPerSecond} turns/s (p50 ${s1.p50} ms, p99 ${s1.p99} ms, errors ${s1.errors}); ${singleRate.toFixed(0)} turns per CPU-second`);
    console.log(`two instances on Redis: ${s2.turnsPerSecond} turns/s in all, ${(s2.turnsPerSecond / 2).toFixed(1)} per instance = ${wallRatio} of one in memory (wall clock; errors ${s2.errors})`);
    console.log(`  per CPU-second (Redis's CPU counted with the instances): ${sharedRate.toFixed(0)} turns = ${cpuRatio} of one in memory`);
    const ms = (n: number) => n.toFixed(3);
    console.log(`  CPU ms per turn: instances ${ms(perTurn.instances)} + Redis ${ms(perTurn.redis)} = ${ms(perTurn.instances + perTurn.redis)} (in memory ${ms(perTurn.memory)})`);
    console.log(`  Redis commands per turn: ${commands.total} (${commands.by.map(([name, n]) => `${name} ${n}`).join(', ')})`);
    console.log(`  checked against ≥ ${TARGETS.perInstanceRatio}: the ${enoughCores ? 'wall-clock' : 'CPU'} ratio, ${ratio}`);
    console.log(`two instances on Redis, ${offered.turnsPerSecond} turns/s offered over ${CONVERSATIONS} conversations: p50 ${offered.p50} ms, p99 ${offered.p99} ms (target ≤ ${TARGETS.p99Ms} ms; errors ${offered.errors})`);
  }
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  balancer.server.close();
  await redis.stop();
}
