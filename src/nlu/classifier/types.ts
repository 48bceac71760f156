import type { SparseVector } from './sparse.js';

export interface LabelledVector {
  vector: SparseVector;
  label: number;
}

/** A trained classifier: probabilities over the labels (same order as the model's label list). */
export interface Classifier {
  predict(vector: SparseVector): Float64Array;
  toJSON(): SerializedClassifier;
}

export type SerializedClassifier =
  | { kind: 'softmax'; classes: number; features: number; weights: string; bias: number[] }
  | { kind: 'naive_bayes'; classes: number; features: number; logLikelihood: string; logPrior: number[] };
