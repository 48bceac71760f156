/**
 * A full turn in-process: NLU, dialog engine and state, with the backend. Target: p99 ≤ 2 ms (the understanding issue).
 * Plays whole conversations (password reset with its backend call, compte ameli creation, a
 * question answered in the middle of a procedure, a knowledge answer, out of scope) many times,
 * over many conversations, and measures each handleTurn.
 */
import { loadavg } from 'node:os';
import { createBenchAssistant } from './_assistant.js';

const TARGET_P99_MS = 2;
const CONVERSATIONS = 400;
const WARMUP = 40;

const SCRIPTS: string[][] = [
  // Personas of the simulator: Julien Moreau has a compte ameli, Camille Durand has none yet.
  ["j'ai oublié mon mot de passe", '1 79 03 75 056 234 45', '22/03/1979', 'le lien ne marche plus', "c'est bon, merci"],
  ['créer mon compte ameli', 'Durand', '2 88 07 2A 004 123 85', '14/07/1988', '20000', 'camille.durand@example.fr', 'oui'],
  ['mot de passe oublié', "c'est quoi mon espace santé ?", '1 79 03 75 056 234 45', '22/03/1979', 'aide', 'annuler'],
  ["c'est quoi mon espace santé ?", 'oui', 'quel temps fait-il ?', 'comment contacter la sécu depuis l’étranger ?', 'non'],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const assistant = await createBenchAssistant();
const samples: number[] = [];
for (let c = 0; c < CONVERSATIONS + WARMUP; c++) {
  const script = SCRIPTS[c % SCRIPTS.length] ?? [];
  const base = { userId: `u${c}`, conversationId: `c${c}`, channel: 'bench' };
  await assistant.engine.welcome(base);
  for (const text of script) {
    const started = performance.now();
    await assistant.engine.handleTurn({ ...base, text });
    const ms = performance.now() - started;
    if (c >= WARMUP) samples.push(ms);
  }
}
samples.sort((a, b) => a - b);
const result = {
  bench: 'engine-turn',
  setup: assistant.description,
  turns: samples.length,
  p50_ms: Number(percentile(samples, 50).toFixed(3)),
  p99_ms: Number(percentile(samples, 99).toFixed(3)),
  max_ms: Number((samples.at(-1) ?? NaN).toFixed(3)),
  target_p99_ms: TARGET_P99_MS,
  // The machine is shared: a high load average explains a p99 far above the p50.
  load_average_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
};
console.log(JSON.stringify(result));
await assistant.close();
if (!(result.p99_ms <= TARGET_P99_MS)) {
  console.error(`engine-turn: p99 ${result.p99_ms} ms is above the ${TARGET_P99_MS} ms target`);
  process.exitCode = 1;
}
