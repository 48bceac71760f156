/**
 * `npm run --silent knowledge:facts [-- --all]`: the fact references dialog copy can use as
 * {{fact:<ref>}}, with what they read as, as a Markdown table. Figures only (durations, lengths,
 * sizes, phone numbers, addresses) unless --all. Loading runs the content checks first.
 */
import { createKnowledgeBase } from '../knowledge/index.js';

const all = process.argv.includes('--all');
const kb = createKnowledgeBase();
const rows = ['| Reference | Reads (fr) | Reads (en) | Source |', '|---|---|---|---|'];
for (const entry of kb.entries()) {
  for (const fact of entry.facts.values()) {
    if (!all && !['quantity', 'phone', 'url'].includes(fact.kind)) continue;
    const ref = `${entry.id}.${fact.key}`;
    const via = fact.definedAt === ref ? '' : ` (→ \`${fact.definedAt}\`)`;
    const files = [...new Set(fact.sources.map((s) => s.file.slice(0, 3)))].join(', ');
    rows.push(`| \`${ref}\`${via} | ${fact.text.fr} | ${fact.text.en ?? ''} | ${files} |`);
  }
}
console.log(rows.join('\n'));
