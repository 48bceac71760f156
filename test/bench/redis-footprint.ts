/**
 * What one conversation costs in Redis, measured with MEMORY USAGE (issue 14). The assistant runs
 * in-process on a redis-server of this benchmark's own (a spare port, no other data), with its
 * real engine and the embedded simulator; conversations are played over Direct Line as Web Chat
 * does (a client id on every message). Every key under the assistant's prefix is counted:
 * the conversation's document, its engine state, its user's state, its lock, and the keys its
 * conversations share (cards, counters) divided among them. The simulator's keys (its own prefix)
 * are not the assistant's and are not counted. Rate-limit windows are listed apart: they expire
 * within the minute, so an idle conversation no longer has them.
 *
 * Targets: ≤ 4 KB per idle 2-turn conversation, ≤ 16 KB per 20-turn conversation.
 * Options: --conversations N (24 of each kind), --json.
 */
import { createClient } from 'redis';
import { call, startAssistant, TEST_SECRET } from '../support/assistant-server.js';
import { ownRedis } from '../support/redis-server.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CONVERSATIONS = option('conversations', 24);
const TARGETS = { twoTurns: 4096, twentyTurns: 16_384 };

/** First questions people ask, one per conversation in turn: knowledge answers, procedures, contacts. */
const OPENERS = [
  "j'ai oublié mon mot de passe",
  "c'est quoi mon espace santé ?",
  'comment créer mon compte ameli',
  'quel est le numéro de téléphone',
  'je veux fermer mon espace santé',
  "comment m'opposer à mon espace santé",
];

/** Twenty messages: questions, a procedure with its backend call, feedback, an interruption, thanks. */
const LONG = [
  'bonjour',
  'comment créer mon compte ameli',
  'annuler',
  "c'est quoi mon espace santé ?",
  'non',
  "j'ai oublié mon mot de passe",
  '1 79 03 75 056 234 45',
  '22/03/1979',
  "je n'ai pas reçu l'e-mail",
  'merci',
  'quel est le numéro de téléphone',
  'oui',
  'comment activer mon espace santé',
  'aide',
  'annuler',
  "c'est quoi l'ordonnance numérique ?",
  'oui',
  "comment contacter la sécu depuis l'étranger ?",
  'merci beaucoup',
  'au revoir',
];

const redis = await ownRedis();
await redis.start();
const assistant = await startAssistant({ env: { REDIS_URL: redis.url, DIRECT_LINE_MESSAGES_PER_MINUTE: '30' } });
const client = createClient({ url: redis.url });
await client.connect();
const dl = `${assistant.url}/v3/directline`;

async function play(messages: readonly string[], n: number): Promise<void> {
  const started = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
  const { token, conversationId } = started.body as { token: string; conversationId: string };
  for (const [i, text] of messages.entries()) {
    const posted = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text, channelData: { clientActivityID: `${n}-${i}` } } });
    if (posted.status !== 200) throw new Error(`conversation ${n}, "${text}": HTTP ${posted.status}`);
  }
}

async function assistantKeys(): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for await (const batch of client.scanIterator({ MATCH: 'ameli:*', COUNT: 1000 })) {
    for (const key of batch) sizes.set(key, (await client.memoryUsage(key, { SAMPLES: 0 })) ?? 0);
  }
  return sizes;
}

const kind = (key: string) => /^ameli:(dl:card|dl|state:engine\/conversation|state:engine\/user|lock|rl|feedback|bf)/.exec(key)?.[1] ?? 'other';

async function measure(label: string, scripts: (n: number) => readonly string[]): Promise<{ label: string; bytes_per_conversation: number; transient_bytes_per_conversation: number; by_kind: Record<string, number> }> {
  const before = await assistantKeys();
  for (let n = 0; n < CONVERSATIONS; n++) await play(scripts(n), n);
  const after = await assistantKeys();
  const byKind: Record<string, number> = {};
  let kept = 0;
  let transient = 0;
  for (const [key, size] of after) {
    const grown = size - (before.get(key) ?? 0);
    if (grown <= 0) continue;
    const k = kind(key);
    if (k === 'rl') transient += grown;
    else kept += grown;
    byKind[k] = (byKind[k] ?? 0) + Math.round(grown / CONVERSATIONS);
  }
  return { label, bytes_per_conversation: Math.round(kept / CONVERSATIONS), transient_bytes_per_conversation: Math.round(transient / CONVERSATIONS), by_kind: byKind };
}

try {
  // Warm-up: the NLU, the knowledge index, the simulator's first calls.
  await play(['bonjour'], -1);
  const two = await measure('idle 2-turn conversation', (n) => [OPENERS[n % OPENERS.length]!, 'merci']);
  const twenty = await measure('20-turn conversation', () => LONG);
  const pass = two.bytes_per_conversation <= TARGETS.twoTurns && twenty.bytes_per_conversation <= TARGETS.twentyTurns;
  if (args.includes('--json')) console.log(JSON.stringify({ conversations: CONVERSATIONS, results: [two, twenty], targets: TARGETS }));
  else {
    for (const r of [two, twenty]) {
      const target = r === two ? TARGETS.twoTurns : TARGETS.twentyTurns;
      console.log(`${r.label}: ${r.bytes_per_conversation} bytes in Redis per conversation (target ≤ ${target}), plus ${r.transient_bytes_per_conversation} bytes of rate-limit windows for a minute`);
      console.log(`  by kind of key: ${Object.entries(r.by_kind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
} finally {
  await client.close();
  await assistant.close();
  await redis.stop();
}
