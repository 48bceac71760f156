/**
 * How the classifier was chosen (src/nlu/README.md): 5-fold cross-validation on the training data
 * of several candidates — natural's BayesClassifier, multinomial naive Bayes and softmax regression
 * on our features, with and without character n-grams — and of the fuse.js typo repair on folds
 * whose words were given typos. Slow (several minutes): run it by hand,
 * `npx tsx test/bench/_nlu-model-selection.ts`; its leading _ keeps it out of `npm run bench`.
 */
import { createRequire } from 'node:module';
import { seededRandom } from '../../src/nlu/classifier/sparse.js';
import { crossValidate, decisionSettingsOf, evaluatePredictions, loadNluData, predictionsAt, stratifiedFolds, type Example, type ModelSettings } from '../../src/nlu/index.js';
import { createPipeline } from '../../src/nlu/pipeline.js';

const data = loadNluData();
const base = data.settings;
const decision = decisionSettingsOf(base);

function variant(name: string, change: (s: ModelSettings) => ModelSettings): [string, ModelSettings] {
  return [name, change(structuredClone(base))];
}

/** One random edit (drop, double, swap or replace a letter) in some words of six letters or more. */
function typos(seed: number): (text: string) => string {
  const random = seededRandom(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return (text) =>
    text.replace(/\p{L}{6,}/gu, (word) => {
      if (random() > 0.5) return word;
      const i = 1 + Math.floor(random() * (word.length - 2));
      switch (Math.floor(random() * 4)) {
        case 0:
          return word.slice(0, i) + word.slice(i + 1);
        case 1:
          return word.slice(0, i) + word.charAt(i) + word.slice(i);
        case 2:
          return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
        default:
          return word.slice(0, i) + letters.charAt(Math.floor(random() * 26)) + word.slice(i + 1);
      }
    });
}

function row(name: string, accuracy: number, macroF1: number, oosRecall: number | undefined, seconds: number): void {
  console.log(`${name.padEnd(46)} ${accuracy.toFixed(3)}   ${macroF1.toFixed(3)}   ${(oosRecall ?? 0).toFixed(3)}   ${seconds.toFixed(0).padStart(4)} s`);
}

function ours(name: string, settings: ModelSettings, transformTest?: (text: string) => string): void {
  const started = performance.now();
  const oof = crossValidate(data.examples, data.lexicon, settings, { k: 5, ...(transformTest ? { transformTest } : {}) });
  const report = evaluatePredictions(predictionsAt(oof, decision));
  row(name, report.accuracy, report.macro_f1, report.per_intent.out_of_scope?.recall, (performance.now() - started) / 1000);
}

interface NaturalBayes {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}

/** natural's BayesClassifier with its French Porter stemmer, fed our normalised text. */
function naturalBayes(): void {
  const require = createRequire(import.meta.url);
  const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier.js') as new (stemmer: unknown) => NaturalBayes;
  const stemmer = require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as unknown;
  const started = performance.now();
  const normalise = createPipeline(data.lexicon, base).normalizer;
  const folds = stratifiedFolds(data.examples, 5, base.training.seed);
  const predictions = [];
  for (let fold = 0; fold < 5; fold++) {
    const classifier = new BayesClassifier(stemmer);
    data.examples.forEach((e: Example, i) => {
      if (folds[i] !== fold) classifier.addDocument(normalise.text(e.text), e.intent);
    });
    classifier.train();
    for (const [i, e] of data.examples.entries()) {
      if (folds[i] === fold) predictions.push({ text: e.text, expected: e.intent, predicted: classifier.classify(normalise.text(e.text)), confidence: 0 });
    }
  }
  const report = evaluatePredictions(predictions);
  row("natural BayesClassifier (PorterStemmerFr)", report.accuracy, report.macro_f1, report.per_intent.out_of_scope?.recall, (performance.now() - started) / 1000);
}

console.log(`5-fold cross-validation on ${data.examples.length} training utterances (out-of-scope rules: threshold ${decision.threshold}, ratio ${decision.ratio})\n`);
console.log(`${'candidate'.padEnd(46)} accuracy macro-F1 oos-recall  time`);
naturalBayes();
for (const [name, settings] of [
  variant('naive Bayes, words + char 3–5', (s) => ({ ...s, classifier: 'naive_bayes' })),
  variant('softmax, words only (stems + bigrams)', (s) => ({ ...s, features: { ...s.features, charNgrams: null } })),
  variant('softmax, char 3–5 only', (s) => ({ ...s, features: { ...s.features, wordUnigrams: false, wordBigrams: false } })),
  variant('softmax, words + char 3–5, no bigrams', (s) => ({ ...s, features: { ...s.features, wordBigrams: false } })),
  variant('softmax, words + bigrams + char 3–5 (chosen)', (s) => s),
]) {
  ours(name, settings);
}
console.log('\nTypo robustness: the same folds, half the words of 6+ letters given one typo');
ours('chosen, fuse.js repair on (chosen)', base, typos(11));
ours('chosen, fuse.js repair off', { ...base, fuzzy: { ...base.fuzzy, enabled: false } }, typos(11));
