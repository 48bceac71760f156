/**
 * npm run eval:understanding [-- --json] [--details] [--questions F] [--conversations F] [--kinds F]
 * Prints the figures of test/eval/understanding.ts on the held-out sets (or the files given).
 * Misses are listed only with --details: reading them is studying the set.
 */
import { fromRoot } from '../../src/shared/paths.js';
import { evaluateConversations, evaluateKinds, evaluateQuestions, type Score } from './understanding.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return (i >= 0 ? args[i + 1] : undefined) ?? fallback;
};
const json = args.includes('--json');
const details = args.includes('--details');

const questionsFile = option('questions', fromRoot('test/fixtures/heldout/questions.jsonl'));
const conversationsFile = option('conversations', fromRoot('test/fixtures/heldout/conversations.json'));
const kindsFile = option('kinds', fromRoot('test/fixtures/heldout/kinds.jsonl'));

const questions = await evaluateQuestions(questionsFile);
const conversations = await evaluateConversations(conversationsFile);
const kinds = evaluateKinds(kindsFile);

const out = (line: string) => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
function print(title: string, s: Score, extra = ''): void {
  out(`${title}: ${s.passed}/${s.total} = ${pct(s.rate)}${extra}`);
  for (const [style, v] of Object.entries(s.byStyle).sort()) out(`  ${style.padEnd(22)} ${v.passed}/${v.total}`);
  if (details) for (const m of s.misses) out(`  ✗ [${m.style ?? ''}] ${m.id}\n      ${m.why}${m.said ? `\n      ${m.said.replace(/\n/g, ' ⏎ ')}` : ''}`);
}

if (json) {
  const strip = (s: Score) => ({ ...s, misses: details ? s.misses : s.misses.length });
  out(JSON.stringify({ questions: strip(questions), conversations: strip(conversations), kinds: strip(kinds) }, null, 2));
} else {
  print(`Right fact (${questionsFile})`, questions, `, wrong figures in ${questions.wrongFigures}`);
  print(`Conversations (${conversationsFile})`, conversations, `, turns ${conversations.turns.passed}/${conversations.turns.total}`);
  print(`Kinds of message (${kindsFile})`, kinds);
}
