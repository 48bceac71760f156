import { seededRandom, shuffle } from '../classifier/sparse.js';
import type { Example, Lexicon, ModelSettings } from '../data/types.js';
import { decide, OUT_OF_SCOPE, type DecisionSettings } from '../decision.js';
import { trainModel, valueSpans } from '../model.js';
import { evaluatePredictions, type EvaluationReport, type Prediction } from './metrics.js';

/** A prediction made by a model that did not see the example (out of fold). */
export interface FoldPrediction {
  example: Example;
  labels: readonly string[];
  probabilities: Float64Array;
}

/** Fold number of each example; every intent is spread evenly over the folds. */
export function stratifiedFolds(examples: readonly Example[], k: number, seed: number): number[] {
  const folds = new Array<number>(examples.length).fill(0);
  const random = seededRandom(seed);
  const byIntent = new Map<string, number[]>();
  examples.forEach((e, i) => byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), i]));
  let offset = 0;
  for (const intent of [...byIntent.keys()].sort()) {
    shuffle(byIntent.get(intent) ?? [], random).forEach((index, n) => {
      folds[index] = (n + offset) % k;
    });
    offset += 1;
  }
  return folds;
}

/** k-fold cross-validation: k models, each scoring the fold it was not trained on. */
export function crossValidate(
  examples: readonly Example[],
  lexicon: Lexicon,
  settings: ModelSettings,
  options: { k?: number; seed?: number; /** Applied to each held-out fold's texts, e.g. to add typos. */ transformTest?: (text: string) => string } = {},
): FoldPrediction[] {
  const k = options.k ?? 5;
  const folds = stratifiedFolds(examples, k, options.seed ?? settings.training.seed);
  const out: FoldPrediction[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = examples.filter((_, i) => folds[i] !== fold);
    const model = trainModel(train, lexicon, settings);
    examples.forEach((example, i) => {
      if (folds[i] !== fold) return;
      const text = options.transformTest ? options.transformTest(example.text) : example.text;
      out.push({ example: { ...example, text }, labels: model.labels, probabilities: model.classify(text, valueSpans(text)).probabilities });
    });
  }
  return out;
}

export function predictionsAt(oof: readonly FoldPrediction[], decision: DecisionSettings): Prediction[] {
  return oof.map((p) => {
    const d = decide(p.labels, p.probabilities, decision);
    return { text: p.example.text, expected: p.example.intent, predicted: d.intent.name, confidence: d.intent.confidence };
  });
}

export interface Calibration {
  threshold: number;
  ratio: number;
  report: EvaluationReport;
  /** Accuracy, macro-F1 and out_of_scope recall/precision at each pair tried. */
  curve: Array<{ threshold: number; ratio: number; accuracy: number; macro_f1: number; oos_recall: number; oos_precision: number }>;
}

/**
 * The out-of-scope rules' parameters (threshold on the best topic, ratio p(oos)/p(best topic))
 * that maximise macro-F1 on out-of-fold predictions among those keeping out_of_scope recall at
 * `minOosRecall` or more (when none does, the best macro-F1 overall); between pairs with the same
 * macro-F1 (three decimals), the one with the better out_of_scope recall. Calibrating on
 * out-of-fold predictions keeps the held-out file out of every choice.
 */
export function calibrateThreshold(
  oof: readonly FoldPrediction[],
  margin: number,
  options: { minOosRecall?: number; thresholds?: number[]; ratios?: number[] } = {},
): Calibration {
  const minOosRecall = options.minOosRecall ?? 0.85;
  const thresholds = options.thresholds ?? [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
  const ratios = options.ratios ?? [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 10];
  const curve: Calibration['curve'] = [];
  let best: { threshold: number; ratio: number; report: EvaluationReport; ok: boolean } | undefined;
  for (const threshold of thresholds) {
    for (const ratio of ratios) {
      const report = evaluatePredictions(predictionsAt(oof, { threshold, ratio, margin }));
      const oos = report.per_intent[OUT_OF_SCOPE] ?? { recall: 0, precision: 0 };
      curve.push({ threshold, ratio, accuracy: report.accuracy, macro_f1: report.macro_f1, oos_recall: oos.recall, oos_precision: oos.precision });
      const ok = oos.recall >= minOosRecall;
      // Macro-F1 to three decimals; on a tie, the better out_of_scope recall (the safer answer).
      const f1 = Math.round(report.macro_f1 * 1000);
      const bestF1 = best ? Math.round(best.report.macro_f1 * 1000) : -1;
      const better = !best || (ok && !best.ok) || (ok === best.ok && (f1 > bestF1 || (f1 === bestF1 && oos.recall > (best.report.per_intent[OUT_OF_SCOPE]?.recall ?? 0))));
      if (better) best = { threshold, ratio, report, ok };
    }
  }
  if (!best) throw new RangeError('calibrateThreshold: nothing tried');
  return { threshold: best.threshold, ratio: best.ratio, report: best.report, curve };
}
