/**
 * Direct Line's cost beside the bare minimum, measured in the same run: the assistant (its own
 * process, embedded simulator, memory state) and a bare express endpoint that only parses the same
 * activity (_bare-server.ts), each driven by this process over loopback.
 *
 * 1. Saturation: 50 conversations post one after the other without pause for a fixed time; the
 *    assistant's throughput must reach 75% of the bare endpoint's (the understanding issue).
 * 2. Offered load: 100 turns/s spread over 50 conversations (each waits its turn on a schedule);
 *    p99 of POST → turn done ≤ 10 ms.
 * Per-conversation limits are off here (DIRECT_LINE_MESSAGES_PER_MINUTE=0): they protect people's
 * conversations from clients in a loop, which this benchmark is on purpose.
 * Options: --seconds N (8 per saturation run), --json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fromRoot } from '../../src/shared/paths.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = option('seconds', 8);
const CONVERSATIONS = 50;
const OFFERED_PER_SECOND = 100;
const TARGET_RATIO = 0.75;
const TARGET_P99_MS = 10;
const SCRIPT = ['bonjour', "c'est quoi mon espace santé", 'non', "j'ai oublié mon mot de passe", 'annuler', 'quel est le numéro de téléphone', 'merci'];

// BENCH_NODE_ARGS passes flags to the assistant's process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to see where time goes).
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

function start(entry: string, env: Record<string, string>, flags: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', entry], { cwd: fromRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 30 s`)), 30_000);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const e = JSON.parse(line) as { event?: string; port?: number };
        if (e.event === 'server.listening' && e.port) {
          clearTimeout(timer);
          // From now on its log lines are drained unread: parsing them would take this process's
          // CPU (the load's, shared by both targets) for the assistant's turns only.
          lines.close();
          child.stdout?.resume();
          resolve({ child, port: e.port });
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code ?? 'signal'})`)));
  });
}

const secret = randomBytes(32).toString('base64url');
const assistant = await start(fromRoot('src/server/main.ts'), { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'info', DIRECT_LINE_SECRET: secret, REDIS_URL: '', DIRECT_LINE_MESSAGES_PER_MINUTE: '0', DIRECT_LINE_MAX_ACTIVITIES: '100000' }, nodeArgs);
const bare = await start(fromRoot('test/bench/_bare-server.ts'), { PORT: '0' });

interface Target {
  url: (conversationId: string) => string;
  headers: Record<string, string>;
  conversations: string[];
}

async function assistantTarget(): Promise<Target> {
  const base = `http://127.0.0.1:${assistant.port}/v3/directline`;
  const started = await Promise.all(
    Array.from({ length: CONVERSATIONS }, async () => {
      const res = await fetch(`${base}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
      return ((await res.json()) as { conversationId: string }).conversationId;
    }),
  );
  return { url: (id) => `${base}/conversations/${id}/activities`, headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' }, conversations: started };
}

function bareTarget(): Target {
  return { url: (id) => `http://127.0.0.1:${bare.port}/v3/directline/conversations/${id}/activities`, headers: { 'Content-Type': 'application/json' }, conversations: Array.from({ length: CONVERSATIONS }, (_, i) => `bare${i}`) };
}

async function post(target: Target, conversation: string, index: number, turn: number): Promise<number> {
  const body = JSON.stringify({ type: 'message', from: { id: `load-${index}` }, text: SCRIPT[turn % SCRIPT.length], locale: 'fr-FR' });
  const t0 = performance.now();
  const res = await fetch(target.url(conversation), { method: 'POST', headers: target.headers, body });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return performance.now() - t0;
}

/** Every conversation posts again as soon as its previous post is answered, for `seconds`. */
async function saturate(target: Target, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    target.conversations.map(async (id, i) => {
      for (let turn = 0; performance.now() < end; turn++) {
        await post(target, id, i, turn);
        done += 1;
      }
    }),
  );
  return done / seconds;
}

/** OFFERED_PER_SECOND turns a second, on a fixed schedule spread over the conversations. */
async function offered(target: Target, seconds: number): Promise<number[]> {
  const samples: number[] = [];
  const interval = (1000 * CONVERSATIONS) / OFFERED_PER_SECOND;
  const t0 = performance.now();
  await Promise.all(
    target.conversations.map(async (id, i) => {
      for (let turn = 0; ; turn++) {
        const due = t0 + (i * interval) / CONVERSATIONS + turn * interval;
        if (due > t0 + seconds * 1000) return;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        samples.push(await post(target, id, i, turn));
      }
    }),
  );
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
try {
  const dl = await assistantTarget();
  const ref = bareTarget();
  await saturate(dl, 2); // warm-up: JIT, NLU, knowledge index
  await saturate(ref, 1);
  const bareRate = await saturate(ref, SECONDS);
  const dlRate = await saturate(dl, SECONDS);
  const latencies = await offered(dl, SECONDS);
  const report = {
    bench: 'directline-throughput',
    conversations: CONVERSATIONS,
    bare_turns_per_second: Math.round(bareRate),
    directline_turns_per_second: Math.round(dlRate),
    ratio: Number((dlRate / bareRate).toFixed(3)),
    offered_per_second: OFFERED_PER_SECOND,
    offered_latency_ms: { p50: Number(percentile(latencies, 50).toFixed(2)), p99: Number(percentile(latencies, 99).toFixed(2)), max: Number((latencies.at(-1) ?? NaN).toFixed(2)) },
    target: { ratio: TARGET_RATIO, p99_ms: TARGET_P99_MS },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const pass = report.ratio >= TARGET_RATIO && report.offered_latency_ms.p99 <= TARGET_P99_MS;
  process.stdout.write(pass ? 'PASS\n' : 'FAIL\n');
  process.exitCode = pass ? 0 : 1;
} finally {
  assistant.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
}
