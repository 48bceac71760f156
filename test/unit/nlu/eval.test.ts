import { describe, expect, it } from 'vitest';
import { confusionMatrixSvg } from '../../../src/nlu/eval/confusion-svg.js';
import { stratifiedFolds } from '../../../src/nlu/eval/cross-validate.js';
import { evaluatePredictions, percentile, type Prediction } from '../../../src/nlu/eval/metrics.js';
import { formatReport } from '../../../src/nlu/eval/report.js';

const p = (expected: string, predicted: string, latencyUs?: number): Prediction => ({ text: `${expected}→${predicted}`, expected, predicted, confidence: 0.5, ...(latencyUs === undefined ? {} : { latencyUs }) });

describe('evaluatePredictions', () => {
  const predictions = [p('a', 'a', 10), p('a', 'a', 20), p('a', 'b', 30), p('b', 'b', 40), p('c', 'b', 1000)];
  const report = evaluatePredictions(predictions);

  it('computes accuracy and per-intent precision, recall, F1 and support', () => {
    expect(report.accuracy).toBe(0.6);
    expect(report.per_intent.a).toEqual({ precision: 1, recall: 0.6667, f1: 0.8, support: 3 });
    expect(report.per_intent.b).toEqual({ precision: 0.3333, recall: 1, f1: 0.5, support: 1 });
    expect(report.per_intent.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('averages F1 over every intent expected or predicted', () => {
    expect(report.macro_f1).toBeCloseTo((0.8 + 0.5 + 0) / 3, 4);
    const extra = evaluatePredictions([p('a', 'a'), p('a', 'z')]);
    expect(Object.keys(extra.per_intent)).toEqual(['a', 'z']);
  });

  it('lists confusion pairs, most frequent first, and the misclassified lines', () => {
    expect(report.confusion_pairs).toEqual([
      { expected: 'a', predicted: 'b', count: 1 },
      { expected: 'c', predicted: 'b', count: 1 },
    ]);
    expect(report.misclassified.map((m) => m.text)).toEqual(['a→b', 'c→b']);
    expect(report.confusion.a).toEqual({ a: 2, b: 1 });
  });

  it('gives nearest-rank latency percentiles', () => {
    expect(report.latency_us).toEqual({ p50: 30, p99: 1000, mean: 220 });
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });
});

describe('report and picture', () => {
  const report = evaluatePredictions([p('greeting', 'greeting'), p('greeting', 'thanks'), p('thanks', 'thanks')]);

  it('draws the confusion matrix as a self-contained SVG with every intent', () => {
    const svg = confusionMatrixSvg(report, 'Test <matrix>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Test &lt;matrix&gt;');
    expect(svg).toContain('>greeting</text>');
    expect(svg).toContain('<title>greeting → thanks: 1</title>');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('prints per-intent figures, confusion pairs and misclassified lines', () => {
    const text = formatReport(report, { title: 'Report' });
    expect(text).toContain('Accuracy: 66.7%');
    expect(text).toMatch(/greeting\s+1\.000\s+0\.500\s+0\.667\s+2/);
    expect(text).toContain('1  greeting → thanks');
    expect(text).toContain('greeting → thanks (0.50): greeting→thanks');
  });
});

describe('stratified folds', () => {
  it('spreads every intent evenly over the folds', () => {
    const examples = [...Array.from({ length: 10 }, () => ({ text: 'x', intent: 'a' })), ...Array.from({ length: 5 }, () => ({ text: 'y', intent: 'b' }))];
    const folds = stratifiedFolds(examples, 5, 1);
    for (let f = 0; f < 5; f++) {
      expect(examples.filter((e, i) => e.intent === 'a' && folds[i] === f)).toHaveLength(2);
      expect(examples.filter((e, i) => e.intent === 'b' && folds[i] === f)).toHaveLength(1);
    }
  });
});
