/**
 * `npm run knowledge:coverage [-- --uncovered] [--file 004] [--json]`
 *
 * The coverage map of the sources: every sentence, list item or table row, covered by a knowledge
 * item (who quotes it), listed as not for the assistant (why), or uncovered; "F" marks the units
 * that state a figure, delay, price, phone number, address or rule. Then the totals and what is
 * uncovered. Exits 1 when the exclusion list has a problem or fewer than 98% of the factual units
 * are covered (the same bar as CI).
 */
import { parseArgs } from 'node:util';
import { coverageOf, loadKnowledgeContent, type MappedUnit } from '../knowledge/index.js';

const MIN_FACTUAL_RATE = 0.98;

const { values } = parseArgs({
  options: {
    uncovered: { type: 'boolean', default: false },
    file: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const content = loadKnowledgeContent();
const report = coverageOf(content);
const units = report.units.filter((u) => !values.file || u.file.startsWith(values.file));

if (values.json) {
  console.log(JSON.stringify({ totals: report.totals, problems: report.problems, units: units.map((u) => ({ file: u.file, line: u.line, text: u.text, factual: u.factual, status: u.status })) }));
  process.exit(0);
}

const describe = (u: MappedUnit): string => {
  switch (u.status.kind) {
    case 'covered':
      return u.status.duplicateOf ? `= ${u.status.duplicateOf}` : `✓ ${u.status.by.slice(0, 3).join(', ')}${u.status.by.length > 3 ? '…' : ''}`;
    case 'excluded':
      return `– ${u.status.reason}`;
    case 'uncovered':
      return '✗ uncovered';
  }
};

let currentFile = '';
for (const u of units) {
  if (values.uncovered && u.status.kind !== 'uncovered') continue;
  if (u.file !== currentFile) {
    currentFile = u.file;
    console.log(`\n## ${u.file}`);
  }
  const text = u.text.length > 110 ? `${u.text.slice(0, 107)}...` : u.text;
  console.log(`${String(u.line).padStart(5)} ${u.factual.length > 0 ? 'F' : ' '} ${describe(u).padEnd(40)} ${text}`);
}

const t = report.totals;
const uncoveredFactual = report.units.filter((u) => u.factual.length > 0 && u.status.kind === 'uncovered');
console.log(`\n${t.units} units: ${t.covered} covered, ${t.excluded} not for the assistant, ${t.uncovered} uncovered.`);
console.log(`Factual units (figure, delay, price, phone, address, rule): ${t.factualCovered}/${t.factual} covered = ${(t.factualRate * 100).toFixed(1)}% (bar: ${MIN_FACTUAL_RATE * 100}%).`);
if (uncoveredFactual.length > 0) {
  console.log(`\nUncovered factual units (${uncoveredFactual.length}):`);
  for (const u of uncoveredFactual) console.log(`  ${u.file}:${u.line} [${u.factual.join(', ')}] ${u.text.slice(0, 120)}`);
}
for (const p of report.problems) console.log(`PROBLEM excluded[${p.exclusion}]: ${p.message}`);
process.exit(report.problems.length === 0 && t.factualRate >= MIN_FACTUAL_RATE ? 0 : 1);
