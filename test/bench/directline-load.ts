/**
 * Direct Line under load: the assistant runs as its own process (embedded simulator, in-memory
 * state, as `npm start`), and this process plays 50 conversations at once over HTTP on loopback,
 * as Web Chat does with polling. Each POST of an activity answers once its turn is done, so its
 * latency is the whole turn as a client sees it.
 *
 * Load model: people, not a flood. Each conversation waits a "think time" between two messages
 * (uniform in 250–750 ms by default, far quicker than anyone types), so 50 conversations offer about
 * 100 turns per second, all open at once. A closed loop without think time would measure queueing
 * (latency = conversations / throughput), not the turn; `--think 0` runs that mode anyway and the
 * report prints the throughput it reached.
 *
 * Target (issue 5): p99 ≤ 25 ms with 50 concurrent conversations, and no error.
 * Options: --conversations N (50), --rounds N (3 passes over the script), --think MS (500 mean),
 * --json.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fromRoot } from '../../src/shared/paths.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CONVERSATIONS = option('conversations', 50);
const ROUNDS = option('rounds', 3);
const THINK_MS = option('think', 500);
const think = () => new Promise((resolve) => setTimeout(resolve, THINK_MS === 0 ? 0 : THINK_MS * (0.5 + Math.random())));
const TARGET_P99_MS = 25;

/** What people say, knowledge answers and procedure steps mixed, as in real traffic. */
const SCRIPT = [
  'bonjour',
  "comment créer mon compte ameli",
  'annuler',
  "c'est quoi mon espace santé",
  'non',
  "j'ai oublié mon mot de passe",
  'annuler',
  'quel est le numéro de téléphone',
  'merci',
  'au revoir',
];

interface Sample {
  ms: number;
  ok: boolean;
  status: number;
}

const secret = randomBytes(32).toString('base64url');
// BENCH_NODE_ARGS passes flags to the assistant's process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to see where time goes).
const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', fromRoot('src/server/main.ts')], {
  cwd: fromRoot(),
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'info', DIRECT_LINE_SECRET: secret, REDIS_URL: '', DIRECT_LINE_MESSAGES_PER_MINUTE: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stderr.resume();

const port = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the assistant did not start within 30 s')), 30_000);
  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    try {
      const entry = JSON.parse(line) as { event?: string; port?: number };
      if (entry.event === 'server.listening' && entry.port) {
        clearTimeout(timer);
        // From now on its log lines are drained unread (parsing them took the load's CPU).
        lines.close();
        server.stdout.resume();
        resolve(entry.port);
      }
    } catch {
      // not a log line
    }
  });
  server.once('exit', (code) => reject(new Error(`the assistant exited (${code ?? 'signal'})`)));
});
const base = `http://127.0.0.1:${port}/v3/directline`;

async function conversation(index: number, samples: Sample[] | undefined): Promise<void> {
  const start = await fetch(`${base}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
  if (start.status !== 201) throw new Error(`start conversation: HTTP ${start.status}`);
  const { conversationId, token } = (await start.json()) as { conversationId: string; token: string };
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  for (let round = 0; round < ROUNDS; round++) {
    for (const text of SCRIPT) {
      if (samples) await think();
      const body = JSON.stringify({ type: 'message', from: { id: `load-${index}` }, text, locale: 'fr-FR' });
      const t0 = performance.now();
      const res = await fetch(`${base}/conversations/${conversationId}/activities`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      samples?.push({ ms: performance.now() - t0, ok: res.status === 200, status: res.status });
    }
  }
  const page = await fetch(`${base}/conversations/${conversationId}/activities`, { headers });
  const { activities } = (await page.json()) as { activities: Array<{ from: { role?: string; id: string } }> };
  const botReplies = activities.filter((a) => a.from.role === 'bot' || !a.from.id.startsWith('load-')).length;
  if (botReplies < SCRIPT.length * ROUNDS) throw new Error(`conversation ${index}: ${botReplies} bot replies for ${SCRIPT.length * ROUNDS} messages`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

try {
  // Warm-up: JIT, NLU model, knowledge index, simulator.
  await Promise.all(Array.from({ length: 5 }, (_, i) => conversation(1000 + i, undefined)));

  const samples: Sample[] = [];
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: CONVERSATIONS }, (_, i) => conversation(i, samples)));
  const seconds = (performance.now() - t0) / 1000;
  const failures = results.filter((r) => r.status === 'rejected');
  const errors = samples.filter((s) => !s.ok).length + failures.length;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const report = {
    conversations: CONVERSATIONS,
    think_ms: THINK_MS,
    turns: samples.length,
    seconds: Number(seconds.toFixed(2)),
    turns_per_second: Number((samples.length / seconds).toFixed(0)),
    latency_ms: { p50: Number(percentile(sorted, 50).toFixed(2)), p95: Number(percentile(sorted, 95).toFixed(2)), p99: Number(percentile(sorted, 99).toFixed(2)), max: Number((sorted.at(-1) ?? NaN).toFixed(2)) },
    errors,
    target: { p99_ms: TARGET_P99_MS, errors: 0 },
  };
  if (args.includes('--json')) console.log(JSON.stringify(report));
  else {
    console.log(`Direct Line on loopback, ${CONVERSATIONS} concurrent conversations (think time ${THINK_MS} ms on average), ${samples.length} turns in ${report.seconds} s (${report.turns_per_second} turns/s)`);
    console.log(`POST activity → turn done: p50 ${report.latency_ms.p50} ms, p95 ${report.latency_ms.p95} ms, p99 ${report.latency_ms.p99} ms, max ${report.latency_ms.max} ms (target p99 ≤ ${TARGET_P99_MS} ms)`);
    console.log(`errors: ${errors}${failures.length ? ` (${failures.map((f) => String((f).reason)).join('; ')})` : ''}`);
  }
  const pass = errors === 0 && report.latency_ms.p99 <= TARGET_P99_MS;
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
} finally {
  server.kill('SIGTERM');
}
