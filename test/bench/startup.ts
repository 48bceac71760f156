/**
 * `npm start` on an already-built tree: time from spawning it to the first 200 on /healthz (the
 * assistant answers messages from then on). The tree is built first when it needs to be (the
 * same scripts/build-if-stale.mjs that `npm start` runs), so that every measured start finds it
 * built. Then, RUNS times each, interleaved: `npm start`, and `node dist/server/main.js` alone (what
 * npm's wrapper and the staleness check add is the difference).
 *
 * Started as the quick start does: memory state (REDIS_URL and REDIS_CLUSTER_NODES are removed
 * from the environment), embedded simulator, on a free port. Target: median of `npm start` at
 * most 3 s (issue 12); the process exits 1 above it. Machine load is printed beside the figures:
 * other processes on a shared machine slow a start down; the CPU time node used until ready
 * (Linux) is printed too, as it barely depends on them.
 *
 * Options: --runs N (default 5).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fromRoot } from '../../src/shared/paths.js';

const TARGET_MS = 3000;
/** A start that takes longer than this is broken, not slow. */
const GIVE_UP_MS = 60_000;
const POLL_MS = 20;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux; undefined
 * elsewhere). Unlike the time to ready, it hardly depends on what else the machine is doing.
 */
function cpuMs(pid: number): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

interface Start {
  ms: number;
  /** CPU the process had used when ready (only measured for node itself: npm's is npm's). */
  cpuMs: number | undefined;
}

/** Milliseconds from spawning `command` to the first 200 on /healthz; the process is stopped after. */
async function timeToReady(command: string, args: string[]): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.REDIS_URL;
  delete env.REDIS_CLUSTER_NODES;
  const started = performance.now();
  // Its own process group: npm's child (node) is stopped with it.
  const child = spawn(command, args, { cwd: fromRoot(), env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    for (;;) {
      if (await healthy(port)) {
        const ms = performance.now() - started;
        return { ms, cpuMs: command === process.execPath && child.pid !== undefined ? cpuMs(child.pid) : undefined };
      }
      if (exitedEarly) throw new Error(`${command} ${args.join(' ')} exited before it was ready:\n${stderr}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`${command} ${args.join(' ')} not ready after ${GIVE_UP_MS} ms:\n${stderr}`);
      await delay(POLL_MS);
    }
  } finally {
    if (child.pid !== undefined && !exitedEarly) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// Build what is stale once, outside the measure (a no-op on a built tree).
const build = spawnSync(process.execPath, [fromRoot('scripts', 'build-if-stale.mjs')], { cwd: fromRoot(), stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cases: Array<{ name: string; command: string; args: string[]; times: number[]; cpu: number[] }> = [
  { name: 'npm start', command: npm, args: ['start', '--silent'], times: [], cpu: [] },
  { name: 'node dist/server/main.js', command: process.execPath, args: [fromRoot('dist', 'server', 'main.js')], times: [], cpu: [] },
];
console.log(`startup: ${RUNS} runs each, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} before`);
for (let run = 0; run < RUNS; run += 1) {
  for (const c of cases) {
    const start = await timeToReady(c.command, c.args);
    c.times.push(start.ms);
    if (start.cpuMs !== undefined) c.cpu.push(start.cpuMs);
  }
}
for (const c of cases) {
  console.log(`${c.name.padEnd(26)} to the first 200 on /healthz: median ${seconds(median(c.times))}, max ${seconds(Math.max(...c.times))} (${c.times.map(seconds).join(', ')})`);
  if (c.cpu.length > 0) console.log(`${''.padEnd(26)} CPU used by then: median ${seconds(median(c.cpu))}, max ${seconds(Math.max(...c.cpu))}`);
}
console.log(`load average ${loadavg()[0]?.toFixed(2)} after`);
const npmMedian = median(cases[0]?.times ?? []);
if (npmMedian > TARGET_MS) {
  console.log(`FAIL: npm start median ${seconds(npmMedian)} > ${seconds(TARGET_MS)}`);
  process.exit(1);
}
console.log(`ok: npm start median ${seconds(npmMedian)} ≤ ${seconds(TARGET_MS)}`);
