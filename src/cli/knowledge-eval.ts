/**
 * `npm run knowledge:eval -- --data FILE.jsonl [--index minisearch|flexsearch|both] [--json]`
 *
 * Whether the knowledge base finds the right fact for questions written from the sources (see
 * src/knowledge/evaluation.ts for the file format and the measures): for the agent console's
 * search, the share of questions whose top 3 results state every "must" fact; for retrieval alone,
 * the top-1 and top-3 right-fact rates; per style; and the questions missed. Words are read by the
 * NLU, as in the assistant. `--index both` runs MiniSearch and FlexSearch on the same questions.
 * Default data: test/fixtures/knowledge/questions.jsonl (studied: tuned on).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createKnowledgeBase, evaluate, INDEX_NAMES, parseEvalQuestions, type EvalReport, type IndexName } from '../knowledge/index.js';
import { loadNlu } from '../nlu/index.js';
import { fromRoot } from '../shared/paths.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: fromRoot('test', 'fixtures', 'knowledge', 'questions.jsonl') },
    index: { type: 'string', default: 'minisearch' },
    json: { type: 'boolean', default: false },
    misses: { type: 'string', default: '40' },
  },
});

const wanted = values.index === 'both' ? [...INDEX_NAMES] : [values.index];
const unknown = wanted.filter((name) => !INDEX_NAMES.includes(name as IndexName));
if (unknown.length > 0) {
  console.error(`--index must be ${[...INDEX_NAMES, 'both'].join(', ')} (got "${unknown.join(', ')}")`);
  process.exit(2);
}

const file = resolve(values.data);
let questions;
try {
  questions = parseEvalQuestions(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const { nlu } = loadNlu();
const terms = (text: string, language: 'fr' | 'en') => nlu.terms(text, language);
const reports: EvalReport[] = [];
const timings: Record<string, number> = {};
for (const index of wanted as IndexName[]) {
  const kb = createKnowledgeBase({ terms, index });
  const started = performance.now();
  reports.push(evaluate(questions, { kb, index, language: (q) => nlu.parse(q).language }));
  timings[index] = Math.round(performance.now() - started);
}

if (values.json) {
  console.log(JSON.stringify(reports.length === 1 ? { data: file, ...reports[0] } : { data: file, reports }));
  process.exit(0);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(`Knowledge evaluation on ${file} (${questions.length} questions)\n`);
console.log('index         console top 3   retrieval top 1   retrieval top 3');
for (const r of reports) console.log(`${r.index.padEnd(14)}${pct(r.console_top3).padStart(14)}${pct(r.retrieval_top1).padStart(18)}${pct(r.retrieval_top3).padStart(18)}`);
for (const r of reports) {
  console.log(`\n${r.index}: per style`);
  for (const [style, s] of Object.entries(r.per_style)) {
    console.log(`  ${style.padEnd(14)} n=${String(s.n).padStart(3)}  console ${pct(s.console_top3)}  top1 ${pct(s.retrieval_top1)}  top3 ${pct(s.retrieval_top3)}`);
  }
  const limit = Number(values.misses) || 0;
  console.log(`\n${r.index}: ${r.misses.length} questions missed by at least one measure${r.misses.length > limit ? ` (first ${limit}; --misses N for more)` : ''}`);
  for (const m of r.misses.slice(0, limit)) {
    console.log(`  - ${m.q}  [${m.style}; ${m.missedBy.join(', ')}]`);
    console.log(`      missing: ${m.missing.join(' | ') || '(none in the first result)'}`);
    console.log(`      console: ${m.consoleTop3.join(', ') || '-'}   retrieval: ${m.retrievalTop3.join(', ') || '-'}`);
  }
}
console.log(`\n(time per index: ${Object.entries(timings).map(([k, v]) => `${k} ${v} ms`).join(', ')}; timings on a shared machine say little)`);
