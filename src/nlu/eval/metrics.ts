/** Scores of a set of predictions: accuracy, per-intent precision/recall/F1, confusion, latency. */

export interface Prediction {
  text: string;
  expected: string;
  predicted: string;
  confidence: number;
  /** In-process classify time, in microseconds. */
  latencyUs?: number;
}

export interface IntentMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ConfusionPair {
  expected: string;
  predicted: string;
  count: number;
}

export interface EvaluationReport {
  count: number;
  accuracy: number;
  macro_f1: number;
  per_intent: Record<string, IntentMetrics>;
  latency_us: { p50: number; p99: number; mean: number };
  /** Expected intent → predicted intent → count, for every intent of the data or of the predictions. */
  confusion: Record<string, Record<string, number>>;
  confusion_pairs: ConfusionPair[];
  misclassified: Prediction[];
}

/** Nearest-rank percentile of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Macro-F1 averages over every label that appears as expected or predicted (as scikit-learn does):
 * predicting an intent that the data never expects costs F1 instead of being ignored.
 */
export function evaluatePredictions(predictions: readonly Prediction[]): EvaluationReport {
  const labels = [...new Set(predictions.flatMap((p) => [p.expected, p.predicted]))].sort();
  const confusion: Record<string, Record<string, number>> = {};
  for (const label of labels) confusion[label] = {};
  let correct = 0;
  for (const p of predictions) {
    const row = confusion[p.expected] as Record<string, number>;
    row[p.predicted] = (row[p.predicted] ?? 0) + 1;
    if (p.expected === p.predicted) correct += 1;
  }
  const per_intent: Record<string, IntentMetrics> = {};
  let f1Sum = 0;
  for (const label of labels) {
    const tp = confusion[label]?.[label] ?? 0;
    const support = predictions.filter((p) => p.expected === label).length;
    const predicted = predictions.filter((p) => p.predicted === label).length;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1Sum += f1;
    per_intent[label] = { precision: round(precision), recall: round(recall), f1: round(f1), support };
  }
  const pairs: ConfusionPair[] = [];
  for (const [expected, row] of Object.entries(confusion)) {
    for (const [predicted, count] of Object.entries(row)) if (expected !== predicted) pairs.push({ expected, predicted, count });
  }
  pairs.sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected));
  const latencies = predictions.map((p) => p.latencyUs).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  return {
    count: predictions.length,
    accuracy: round(predictions.length === 0 ? 0 : correct / predictions.length),
    macro_f1: round(labels.length === 0 ? 0 : f1Sum / labels.length),
    per_intent,
    latency_us: {
      p50: round(percentile(latencies, 50), 1),
      p99: round(percentile(latencies, 99), 1),
      mean: round(latencies.length === 0 ? 0 : latencies.reduce((a, b) => a + b, 0) / latencies.length, 1),
    },
    confusion,
    confusion_pairs: pairs,
    misclassified: predictions.filter((p) => p.expected !== p.predicted),
  };
}
