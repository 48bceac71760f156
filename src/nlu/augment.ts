/**
 * Training-time augmentation: copies of the training utterances wrapped in courtesy formulas
 * ("Bonjour, … merci d'avance", "hello, … thanks"). People write to an assistant as they would
 * write a letter, and without these copies a greeting or a thank-you outweighs a short topic: on
 * wrapped messages the classifier answered `thanks` or `greeting` where the topic was plain
 * (figures in README.md). The copies teach it that these words say nothing about the topic when
 * a topic is there. Only training sees them; the parse path is unchanged (no cost per message).
 */
import { seededRandom } from './classifier/sparse.js';
import type { Courtesy, Example, ModelSettings } from './data/types.js';

export type AugmentationSettings = NonNullable<ModelSettings['augmentation']>;

function pick<T>(list: readonly T[], random: () => number): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(random() * list.length)];
}

/**
 * The examples followed by `courtesyCopies` wrapped copies of each example whose intent is not
 * excluded (greetings and thanks are themselves courtesy: wrapping them would blur them). Each copy
 * gets an opener, a closer or both, in the example's language (French when unknown); seeded, so
 * that training stays reproducible.
 */
export function withCourtesyCopies(examples: readonly Example[], courtesy: Courtesy, settings: AugmentationSettings, seed: number): Example[] {
  const random = seededRandom(seed);
  const excluded = new Set(settings.exclude);
  const out = [...examples];
  for (const example of examples) {
    if (excluded.has(example.intent)) continue;
    const formulas = courtesy[example.language ?? 'fr'];
    for (let copy = 0; copy < settings.courtesyCopies; copy++) {
      // One in three copies has only an opener, one in three only a closer, the rest both.
      const draw = random();
      const opener = draw < 2 / 3 ? pick(formulas.openers, random) : undefined;
      const closer = draw >= 1 / 3 ? pick(formulas.closers, random) : undefined;
      if (opener === undefined && closer === undefined) continue;
      const text = [opener, example.text, closer].filter((part) => part !== undefined).join(' ');
      out.push({ ...example, text, ...(example.source ? { source: `${example.source} (courtesy copy)` } : {}) });
    }
  }
  return out;
}
