/**
 * Redaction and entity extraction grow linearly with the input, whatever the input: the shapes
 * that made the old patterns quadratic ("a" × 60 000 then "@" took 3.4 s, a 60 000-digit "NIR"
 * as long) and others built to make a backtracking pattern retry from every character.
 *
 * Each function runs on each adversarial input at 10k, 20k, 40k and 80k characters (best of a few
 * runs, to see through the noise of a shared machine; the runs of the sizes are interleaved, so that
 * a burst of another process's work lands on every size rather than on all the runs of one). The growth exponent is the slope of
 * log(time) against log(size): 1 is linear, 2 quadratic. Target: at most 1.5 for every case.
 * Messages are cut at 5,000 characters where they enter; these sizes are far beyond, on purpose.
 */
import { loadavg } from 'node:os';
import { defaultValidators, extractEntities } from '../../src/nlu/index.js';
import { redactText } from '../../src/shared/redact.js';

const SIZES = [10_000, 20_000, 40_000, 80_000];
const RUNS = 7;
const TARGET_EXPONENT = 1.5;
/** Below this, a time is mostly timer noise: the case is reported but not judged. */
const MEASURABLE_MS = 2;

const repeat = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const INPUTS: Record<string, (n: number) => string> = {
  'letters then @': (n) => `${'a'.repeat(n)}@`,
  digits: (n) => '1'.repeat(n),
  'digits and spaces': (n) => repeat('1 ', n),
  'digits and dashes': (n) => repeat('1-', n),
  'dotted local part then @': (n) => `${repeat('a.', n)}@`,
  'a@ repeated': (n) => repeat('a@', n),
  'endless domain': (n) => `x@${repeat('a.', n)}1`,
  'letters and digits': (n) => repeat('a1', n),
  'symbols then @': (n) => `${'%'.repeat(n)}@a`,
  'NIR-like with 2A': (n) => `1 ${repeat('2A', n)}`,
  'dates without end': (n) => repeat('12/', n),
  'day and month': (n) => repeat('12 mars ', n),
  'password cues': (n) => repeat('mot de passe ', n),
  'name cues': (n) => repeat("je m'appelle ", n),
  'honorifics': (n) => repeat('Madame ', n),
};

const context = { now: new Date('2026-01-15T09:00:00Z') };
const validators = defaultValidators();
const FUNCTIONS: Record<string, (text: string) => unknown> = {
  redactText,
  extractEntities: (text) => extractEntities(text, context),
  'validators (all)': (text) => {
    for (const validate of Object.values(validators)) validate(text, context);
  },
};

/** Least-squares slope of log(ms) over log(size). */
function exponent(ms: number[]): number {
  const xs = SIZES.map(Math.log);
  const ys = ms.map((m) => Math.log(Math.max(m, 1e-3)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] ?? 0) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/**
 * The fastest of RUNS runs at each size, the sizes taken in turn (10k, 20k, 40k, 80k, 10k…): a
 * pause of the machine then slows one run of each size, not every run of the largest, and the
 * fastest run of a size is its cost. `previous` (an earlier measure) is kept where it was faster.
 */
function measure(fn: (text: string) => unknown, make: (n: number) => string, previous?: number[]): number[] {
  fn(make(2_000)); // warm-up: the regex engine compiles its patterns on first use
  const texts = SIZES.map(make);
  const ms = previous ? [...previous] : SIZES.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < RUNS; r++) {
    texts.forEach((text, i) => {
      const started = performance.now();
      fn(text);
      ms[i] = Math.min(ms[i] ?? Number.POSITIVE_INFINITY, performance.now() - started);
    });
  }
  return ms;
}

const rows: Array<{ fn: string; input: string; ms: number[]; exponent: number; judged: boolean }> = [];
for (const [fnName, fn] of Object.entries(FUNCTIONS)) {
  for (const [inputName, make] of Object.entries(INPUTS)) {
    let ms = measure(fn, make);
    // A garbage collection or another process can still land on one size: a case over the target
    // is measured again (twice at most), each size keeping its fastest run. A quadratic case stays
    // quadratic: no run of it is ever fast at the largest size.
    for (let again = 0; again < 2 && exponent(ms) > TARGET_EXPONENT; again++) ms = measure(fn, make, ms);
    rows.push({ fn: fnName, input: inputName, ms, exponent: exponent(ms), judged: (ms.at(-1) ?? 0) >= MEASURABLE_MS });
  }
}

console.log(`${'function'.padEnd(18)}${'input'.padEnd(26)}${SIZES.map((n) => `${n / 1000}k ms`.padStart(10)).join('')}  exponent`);
for (const r of rows) {
  console.log(`${r.fn.padEnd(18)}${r.input.padEnd(26)}${r.ms.map((m) => m.toFixed(2).padStart(10)).join('')}  ${r.exponent.toFixed(2)}${r.judged ? '' : ' (too fast to judge)'}`);
}
const failed = rows.filter((r) => r.judged && r.exponent > TARGET_EXPONENT);
console.log(
  JSON.stringify({
    bench: 'redaction-growth',
    cases: rows.length,
    worst_exponent: Number(Math.max(...rows.filter((r) => r.judged).map((r) => r.exponent), 0).toFixed(2)),
    target_exponent: TARGET_EXPONENT,
    load_average_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
  }),
);
if (failed.length > 0) {
  for (const r of failed) console.error(`redaction-growth: ${r.fn} on "${r.input}" grows with exponent ${r.exponent.toFixed(2)} (target ${TARGET_EXPONENT})`);
  process.exitCode = 1;
}
