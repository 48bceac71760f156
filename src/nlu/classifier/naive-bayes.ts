import { base64ToFloats, floatsToBase64, softmax } from './sparse.js';
import type { Classifier, LabelledVector, SerializedClassifier } from './types.js';

export interface NaiveBayesOptions {
  classes: number;
  features: number;
  /** Additive (Lidstone) smoothing. */
  alpha: number;
}

/**
 * Multinomial naive Bayes on the same sparse vectors as the softmax model (weighted counts), kept
 * as the baseline the cross-validation compares against. Its probabilities are the normalised
 * posteriors, which are over-confident: a poor basis for an out-of-scope threshold.
 */
export function trainNaiveBayes(data: readonly LabelledVector[], options: NaiveBayesOptions): Classifier {
  const { classes: C, features: F, alpha } = options;
  const counts = new Float64Array(F * C);
  const totals = new Float64Array(C);
  const docs = new Float64Array(C);
  for (const { vector, label } of data) {
    docs[label] = (docs[label] as number) + 1;
    for (let k = 0; k < vector.indices.length; k++) {
      const v = vector.values[k] as number;
      const at = (vector.indices[k] as number) * C + label;
      counts[at] = (counts[at] as number) + v;
      totals[label] = (totals[label] as number) + v;
    }
  }
  const logLikelihood = new Float32Array(F * C);
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      logLikelihood[f * C + c] = Math.log(((counts[f * C + c] as number) + alpha) / ((totals[c] as number) + alpha * F));
    }
  }
  const logPrior = Array.from(docs, (d) => Math.log((d + 1) / (data.length + C)));
  return naiveBayesClassifier(logLikelihood, Float64Array.from(logPrior), C, F);
}

export function naiveBayesClassifier(logLikelihood: Float32Array, logPrior: Float64Array, classes: number, features: number): Classifier {
  return {
    predict(vector) {
      const scores = Float64Array.from(logPrior);
      for (let k = 0; k < vector.indices.length; k++) {
        const row = (vector.indices[k] as number) * classes;
        const x = vector.values[k] as number;
        for (let c = 0; c < classes; c++) scores[c] = (scores[c] as number) + (logLikelihood[row + c] as number) * x;
      }
      return softmax(scores);
    },
    toJSON: (): SerializedClassifier => ({ kind: 'naive_bayes', classes, features, logLikelihood: floatsToBase64(logLikelihood), logPrior: [...logPrior] }),
  };
}

export function restoreNaiveBayes(data: Extract<SerializedClassifier, { kind: 'naive_bayes' }>): Classifier {
  return naiveBayesClassifier(base64ToFloats(data.logLikelihood), Float64Array.from(data.logPrior), data.classes, data.features);
}
