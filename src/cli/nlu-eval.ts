/**
 * `npm run nlu:eval -- [--data FILE.jsonl] [--json] [--svg FILE] [--cv [--k 5] [--write-calibration]]`
 *
 * Scores the NLU on a JSON-lines file of {"text","intent"} (default: the held-out file), or with
 * --cv by k-fold cross-validation on the training data. Without --json: a readable report and the
 * confusion matrix drawn as SVG (out/nlu-confusion-matrix.svg unless --svg says otherwise).
 * With --json: one JSON object on standard output, nothing else.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { confusionMatrixSvg } from '../nlu/eval/confusion-svg.js';
import { measureLatency } from '../nlu/eval/latency.js';
import { formatReport } from '../nlu/eval/report.js';
import { calibrateThreshold, contractIntent, crossValidate, decisionSettingsOf, evaluatePredictions, loadNlu, parseExamplesJsonl, predictionsAt, type EvaluationReport, type Prediction } from '../nlu/index.js';
import { fromRoot } from '../shared/paths.js';

const HELD_OUT = fromRoot('test', 'fixtures', 'nlu', 'heldout.jsonl');
const DEFAULT_SVG = fromRoot('out', 'nlu-confusion-matrix.svg');

interface Output {
  report: EvaluationReport;
  title: string;
  notes: string[];
  extra: Record<string, unknown>;
}

function evaluateFile(file: string): Output {
  const loaded = loadNlu();
  const { nlu, data } = loaded;
  const intents = data.intents.map((i) => i.name);
  const examples = parseExamplesJsonl(readFileSync(file, 'utf8'), file);
  const latency = measureLatency(examples, (e) => nlu.classify(e.text));
  const predictions: Prediction[] = examples.map((e, i) => {
    const decision = nlu.classify(e.text);
    return { text: e.text, expected: contractIntent(e.intent, intents), predicted: contractIntent(decision.intent.name, intents), confidence: decision.intent.confidence, latencyUs: latency.perUtterance[i] ?? 0 };
  });
  const report = evaluatePredictions(predictions);
  return {
    report,
    title: `NLU evaluation on ${file}`,
    notes: [
      `Latency: per utterance, best of ${latency.runs} timed calls after a warm-up (every call as measured: p50 ${latency.raw.p50} µs, p99 ${latency.raw.p99} µs).`,
      `Model: ${loaded.fromCache ? 'from cache' : 'trained now'} on ${data.examples.length} utterances; out of scope below ${data.settings.outOfScopeThreshold} or when p(oos) ≥ ${data.settings.outOfScopeRatio} × p(best topic).`,
    ],
    extra: {
      latency_method: `in-process classify time per utterance, best of ${latency.runs} timed calls after a warm-up`,
      latency_us_all_calls: latency.raw,
      data: file,
      model: { examples: data.examples.length, fromCache: loaded.fromCache, outOfScopeThreshold: data.settings.outOfScopeThreshold, outOfScopeRatio: data.settings.outOfScopeRatio },
    },
  };
}

function evaluateCrossValidation(k: number, writeCalibration: boolean): Output {
  const { data } = loadNlu();
  const oof = crossValidate(data.examples, data.lexicon, data.settings, { k });
  const calibration = calibrateThreshold(oof, data.settings.closeCallMargin);
  const notes = [
    `${k}-fold cross-validation on ${data.examples.length} training utterances, with the configured out-of-scope rules (threshold ${data.settings.outOfScopeThreshold}, ratio ${data.settings.outOfScopeRatio}).`,
    `Calibrated on out-of-fold predictions (best macro-F1 with out_of_scope recall ≥ 0.85): threshold ${calibration.threshold}, ratio ${calibration.ratio}` +
      ` → accuracy ${calibration.report.accuracy}, macro-F1 ${calibration.report.macro_f1}, out_of_scope recall ${calibration.report.per_intent.out_of_scope?.recall ?? 0}.`,
  ];
  if (writeCalibration) {
    const file = fromRoot('knowledge', 'nlu', 'model.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    settings.outOfScopeThreshold = calibration.threshold;
    settings.outOfScopeRatio = calibration.ratio;
    writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
    notes.push(`Wrote outOfScopeThreshold ${calibration.threshold} and outOfScopeRatio ${calibration.ratio} to ${file}.`);
  }
  const report = evaluatePredictions(predictionsAt(oof, decisionSettingsOf(data.settings)));
  return {
    report,
    title: `NLU ${k}-fold cross-validation`,
    notes,
    extra: { cv: { k, calibratedThreshold: calibration.threshold, calibratedRatio: calibration.ratio, calibrated: { accuracy: calibration.report.accuracy, macro_f1: calibration.report.macro_f1 }, curve: calibration.curve } },
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      svg: { type: 'string' },
      cv: { type: 'boolean', default: false },
      k: { type: 'string', default: '5' },
      'write-calibration': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const output = values.cv ? evaluateCrossValidation(Number(values.k), values['write-calibration']) : evaluateFile(resolve(values.data ?? HELD_OUT));
  const { report } = output;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ accuracy: report.accuracy, macro_f1: report.macro_f1, per_intent: report.per_intent, latency_us: report.latency_us, count: report.count, confusion_pairs: report.confusion_pairs, misclassified: report.misclassified.map(({ text, expected, predicted, confidence }) => ({ text, expected, predicted, confidence })), ...output.extra })}\n`);
    return;
  }
  const svgFile = resolve(values.svg ?? DEFAULT_SVG);
  mkdirSync(dirname(svgFile), { recursive: true });
  writeFileSync(svgFile, confusionMatrixSvg(report, output.title));
  process.stdout.write(formatReport(report, { title: output.title, notes: output.notes }));
  process.stdout.write(`\nConfusion matrix (SVG): ${svgFile}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`nlu:eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
