/**
 * Prints, for every question of test/fixtures/knowledge/questions.jsonl (or the file given), the
 * two best FAQ scores, the item that matched and what the NLU thought: to calibrate the FAQ
 * thresholds of src/engine/router.ts. `npx tsx test/bench/_faq-scores.ts [file.jsonl]`
 */
import { readFileSync } from 'node:fs';
import { createKnowledgeBase } from '../../src/knowledge/index.js';
import { loadNlu } from '../../src/nlu/index.js';
const { nlu } = loadNlu();
const kb = createKnowledgeBase();
const terms = (t: string, l: 'fr' | 'en') => nlu.terms(t, l);
const qs = readFileSync(process.argv[2] ?? 'test/fixtures/knowledge/questions.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { q: string });
for (const { q } of qs) {
  const lang = nlu.parse(q).language;
  const m = kb.matchQuestion!(q, { language: lang, terms, limit: 2, minScore: 0.3 });
  const intent = nlu.parse(q).intent.name;
  console.log(`${(m[0]?.score ?? 0).toFixed(2)} ${(m[1]?.score ?? 0).toFixed(2)} ${m[0] ? `${m[0].entryId}#${m[0].faqId ?? '-'}` : '-'}  [${intent} → ${kb.entryForIntent(intent)?.id ?? '-'}]  ${q}`);
}
