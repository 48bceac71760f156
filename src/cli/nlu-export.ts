/**
 * `npm run --silent nlu:export`: the training utterances as JSON lines {"text","intent"} on
 * standard output, and nothing else (other NLU tools, such as the nlp.js comparison, read it).
 */
import { loadNluData } from '../nlu/index.js';

function main(): void {
  const data = loadNluData();
  const lines = data.examples.map((e) => JSON.stringify({ text: e.text, intent: e.intent }));
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`nlu:export: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
