import { describe, expect, it } from 'vitest';
import { restoreNaiveBayes, trainNaiveBayes } from '../../../src/nlu/classifier/naive-bayes.js';
import { restoreSoftmax, trainSoftmax } from '../../../src/nlu/classifier/softmax.js';
import { base64ToFloats, floatsToBase64, seededRandom, shuffle, softmax } from '../../../src/nlu/classifier/sparse.js';
import type { LabelledVector } from '../../../src/nlu/classifier/types.js';
import { decide } from '../../../src/nlu/decision.js';
import { buildFeatureSpace, createVectorizer, featureBag } from '../../../src/nlu/features.js';

/** Three classes, each with its own features (0–1, 2–3, 4–5) and a shared noisy one (6). */
function toyData(): LabelledVector[] {
  const out: LabelledVector[] = [];
  for (let n = 0; n < 30; n++) {
    for (let label = 0; label < 3; label++) {
      out.push({ vector: { indices: Int32Array.from([label * 2, label * 2 + 1, 6]), values: Float64Array.from([0.6, 0.6, 0.5]) }, label });
    }
  }
  return out;
}

const probe = (label: number) => ({ indices: Int32Array.from([label * 2]), values: Float64Array.from([1]) });

describe('softmax regression', () => {
  const options = { classes: 3, features: 7, epochs: 10, learningRate: 0.2, l2: 1e-5, seed: 1 };

  it('learns a separable problem and gives probabilities that sum to 1', () => {
    const model = trainSoftmax(toyData(), options);
    for (let label = 0; label < 3; label++) {
      const p = model.predict(probe(label));
      expect(p.indexOf(Math.max(...p))).toBe(label);
      expect([...p].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
  });

  it('is reproducible with the same seed', () => {
    const a = trainSoftmax(toyData(), options).toJSON();
    const b = trainSoftmax(toyData(), options).toJSON();
    expect(a).toEqual(b);
  });

  it('predicts the same after a round trip through JSON', () => {
    const model = trainSoftmax(toyData(), options);
    const json = model.toJSON();
    if (json.kind !== 'softmax') throw new Error('expected a softmax model');
    const restored = restoreSoftmax(JSON.parse(JSON.stringify(json)) as typeof json);
    expect([...restored.predict(probe(1))]).toEqual([...model.predict(probe(1))]);
  });
});

describe('naive Bayes', () => {
  it('learns the same toy problem and survives a round trip', () => {
    const model = trainNaiveBayes(toyData(), { classes: 3, features: 7, alpha: 0.1 });
    const p = model.predict(probe(2));
    expect(p.indexOf(Math.max(...p))).toBe(2);
    const json = model.toJSON();
    if (json.kind !== 'naive_bayes') throw new Error('expected naive Bayes');
    expect([...restoreNaiveBayes(json).predict(probe(2))]).toEqual([...p]);
  });
});

describe('sparse helpers', () => {
  it('computes a stable softmax even for large scores', () => {
    const p = softmax(Float64Array.from([1000, 1000, 0]));
    expect(p[0]).toBeCloseTo(0.5);
    expect(p[2]).toBeCloseTo(0);
  });

  it('shuffles reproducibly without losing items', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffle(items, seededRandom(3))).toEqual(shuffle(items, seededRandom(3)));
    expect([...shuffle(items, seededRandom(3))].sort((a, b) => a - b)).toEqual(items);
  });

  it('keeps floats through base64', () => {
    const values = Float32Array.from([0.5, -1.25, 3]);
    expect([...base64ToFloats(floatsToBase64(values))]).toEqual([...values]);
  });
});

describe('features', () => {
  const settings = { wordUnigrams: true, wordBigrams: true, charNgrams: { min: 3, max: 4 }, charWeight: 0.5 };

  it('builds stems, bigrams and character n-grams, placeholders without n-grams', () => {
    const bag = featureBag(['carte', 'zznir'], ['cart', 'zznir'], settings);
    expect(bag.words).toEqual(['w:cart', 'w:zznir', 'b:cart zznir']);
    expect(bag.chars).toContain('c: ca');
    expect(bag.chars).toContain('c:rte ');
    expect(bag.chars.some((c) => c.includes('zz'))).toBe(false);
  });

  it('vectorizes with unit-length blocks, the character block scaled by its weight', () => {
    const bags = [featureBag(['carte', 'vitale'], ['cart', 'vital'], settings), featureBag(['carte', 'perdue'], ['cart', 'perdu'], settings)];
    const { space } = buildFeatureSpace(bags, settings, 1);
    const vector = createVectorizer(space, settings)(['carte', 'vitale', 'inconnu'], ['cart', 'vital', 'inconnu']);
    const norm = Math.sqrt([...vector.values].reduce((a, v) => a + v * v, 0));
    expect(norm).toBeCloseTo(Math.sqrt(1 + 0.25), 6);
    expect(new Set(vector.indices).size).toBe(vector.indices.length);
  });
});

describe('decision', () => {
  const labels = ['a', 'b', 'out_of_scope'];
  const settings = { threshold: 0.2, ratio: 0.5, margin: 0.1 };

  it('answers the best topic when it stands out and out_of_scope is unlikely', () => {
    const d = decide(labels, [0.7, 0.2, 0.1], settings);
    expect(d.intent).toEqual({ name: 'a', confidence: 0.7 });
    expect(d.ranking.map((r) => r.name)).toEqual(['a', 'b', 'out_of_scope']);
  });

  it('answers out_of_scope when it is the most likely class', () => {
    expect(decide(labels, [0.25, 0.2, 0.55], settings).intent).toEqual({ name: 'out_of_scope', confidence: 0.75 });
  });

  it('answers out_of_scope when it is at least ratio × the best topic, first in the ranking', () => {
    const d = decide(labels, [0.5, 0.24, 0.26], settings);
    expect(d.intent).toEqual({ name: 'out_of_scope', confidence: 0.5 });
    expect(d.ranking.map((r) => r.name)).toEqual(['out_of_scope', 'a', 'b']);
    expect(d.closeCall).toBeUndefined();
  });

  it('answers out_of_scope when no topic reaches the threshold', () => {
    const spread = decide(['a', 'b', 'c', 'd', 'e', 'f', 'out_of_scope'], [0.18, 0.17, 0.17, 0.16, 0.16, 0.15, 0.01], settings);
    expect(spread.intent).toEqual({ name: 'out_of_scope', confidence: 0.82 });
  });

  it('keeps a topic spread over related intents, with a close call, when out_of_scope is unlikely', () => {
    const d = decide(['activate', 'close', 'info', 'out_of_scope'], [0.2, 0.25, 0.49, 0.06], settings);
    expect(d.intent).toEqual({ name: 'info', confidence: 0.49 });
    expect(d.closeCall).toBeUndefined();
    const close = decide(['activate', 'close', 'info', 'out_of_scope'], [0.33, 0.3, 0.3, 0.07], settings);
    expect(close.closeCall).toEqual([
      { name: 'activate', confidence: 0.33 },
      { name: 'close', confidence: 0.3 },
    ]);
  });
});
