import { base64ToFloats, floatsToBase64, seededRandom, shuffle, softmax, type SparseVector } from './sparse.js';
import type { Classifier, LabelledVector, SerializedClassifier } from './types.js';

/** Gradients smaller than this are not applied (see the training loop). */
const MIN_GRADIENT = 1e-3;

export interface SoftmaxOptions {
  classes: number;
  features: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/**
 * Multinomial logistic regression (softmax) on sparse vectors, trained by stochastic gradient
 * descent with AdaGrad step sizes (frequent features learn slowly, rare but telling ones fast) and
 * L2 weight decay on the weights an example touches. Weights are feature-major (one row of
 * `classes` floats per feature), so a prediction reads ~200 contiguous rows.
 */
export function trainSoftmax(data: readonly LabelledVector[], options: SoftmaxOptions): Classifier {
  const { classes: C, features: F, epochs, learningRate, l2 } = options;
  // Float64 while training (no conversion on every read and write), Float32 once trained.
  const weights = new Float64Array(F * C);
  const bias = new Float64Array(C);
  const gradSq = new Float64Array(F * C);
  const biasGradSq = new Float64Array(C);
  const random = seededRandom(options.seed);
  const scores = new Float64Array(C);
  const eps = 1e-8;

  const g = new Float64Array(C);
  const active = new Int32Array(C);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { vector, label } of shuffle([...data], random)) {
      scoresOf(weights, bias, vector, C, scores);
      const p = softmax(scores);
      // Classes the example says (almost) nothing about are skipped: once the model has learnt,
      // that is most of them, and an epoch gets several times faster.
      let activeCount = 0;
      for (let c = 0; c < C; c++) {
        const gc = (p[c] as number) - (c === label ? 1 : 0);
        if (gc < MIN_GRADIENT && gc > -MIN_GRADIENT) continue;
        g[c] = gc;
        active[activeCount++] = c;
        biasGradSq[c] = (biasGradSq[c] as number) + gc * gc;
        bias[c] = (bias[c] as number) - (learningRate * gc) / Math.sqrt((biasGradSq[c] as number) + eps);
      }
      if (activeCount === 0) continue;
      const { indices, values } = vector;
      for (let k = 0; k < indices.length; k++) {
        const row = (indices[k] as number) * C;
        const x = values[k] as number;
        for (let a = 0; a < activeCount; a++) {
          const c = active[a] as number;
          const at = row + c;
          const w = weights[at] as number;
          const gw = (g[c] as number) * x + l2 * w;
          const acc = (gradSq[at] as number) + gw * gw;
          gradSq[at] = acc;
          weights[at] = w - (learningRate * gw) / Math.sqrt(acc + eps);
        }
      }
    }
  }
  return softmaxClassifier(Float32Array.from(weights), bias, C, F);
}

function scoresOf(weights: Float32Array | Float64Array, bias: Float64Array, vector: SparseVector, C: number, out: Float64Array): void {
  out.set(bias);
  const { indices, values } = vector;
  for (let k = 0; k < indices.length; k++) {
    const row = (indices[k] as number) * C;
    const x = values[k] as number;
    for (let c = 0; c < C; c++) out[c] = (out[c] as number) + (weights[row + c] as number) * x;
  }
}

export function softmaxClassifier(weights: Float32Array, bias: Float64Array, classes: number, features: number): Classifier {
  const scores = new Float64Array(classes);
  return {
    predict(vector) {
      scoresOf(weights, bias, vector, classes, scores);
      return softmax(scores);
    },
    toJSON: (): SerializedClassifier => ({ kind: 'softmax', classes, features, weights: floatsToBase64(weights), bias: [...bias] }),
  };
}

export function restoreSoftmax(data: Extract<SerializedClassifier, { kind: 'softmax' }>): Classifier {
  return softmaxClassifier(base64ToFloats(data.weights), Float64Array.from(data.bias), data.classes, data.features);
}
