/**
 * Trains the NLU model and writes it to .cache/nlu/ (run by `npm run build`), so that the assistant
 * starts from the cache. Quiet on success apart from one line on standard error.
 */
import { loadNlu } from '../nlu/index.js';

try {
  const { fromCache, ms, data } = loadNlu();
  process.stderr.write(`NLU model ${fromCache ? 'already cached' : 'trained and cached'} (${data.examples.length} utterances, ${ms} ms)\n`);
} catch (error) {
  process.stderr.write(`nlu:train: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
