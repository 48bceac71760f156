import type { EvaluationReport } from './metrics.js';

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** The evaluation as a report people read in a terminal. */
export function formatReport(report: EvaluationReport, options: { title: string; maxMisclassified?: number; notes?: string[] }): string {
  const lines: string[] = [];
  lines.push(options.title, '='.repeat(options.title.length), '');
  lines.push(`Utterances: ${report.count}   Accuracy: ${pct(report.accuracy)}   Macro-F1: ${report.macro_f1.toFixed(3)}`);
  if (report.latency_us.p50 > 0) lines.push(`Classify latency in-process: p50 ${report.latency_us.p50} µs, p99 ${report.latency_us.p99} µs, mean ${report.latency_us.mean} µs`);
  for (const note of options.notes ?? []) lines.push(note);
  lines.push('', 'Per intent', '----------');
  const width = Math.max(...Object.keys(report.per_intent).map((k) => k.length), 6);
  lines.push(`${'intent'.padEnd(width)}  precision  recall     F1  support`);
  for (const [name, m] of Object.entries(report.per_intent)) {
    const flag = m.f1 < 0.8 ? '  <' : '';
    lines.push(`${name.padEnd(width)}  ${m.precision.toFixed(3).padStart(9)}  ${m.recall.toFixed(3).padStart(6)}  ${m.f1.toFixed(3).padStart(5)}  ${String(m.support).padStart(7)}${flag}`);
  }
  lines.push('', 'Confusion pairs (expected → predicted)', '--------------------------------------');
  if (report.confusion_pairs.length === 0) lines.push('none');
  for (const p of report.confusion_pairs.slice(0, 25)) lines.push(`${String(p.count).padStart(4)}  ${p.expected} → ${p.predicted}`);
  const max = options.maxMisclassified ?? 200;
  lines.push('', `Misclassified (${report.misclassified.length})`, '-------------');
  for (const m of report.misclassified.slice(0, max)) lines.push(`${m.expected} → ${m.predicted} (${m.confidence.toFixed(2)}): ${m.text}`);
  if (report.misclassified.length > max) lines.push(`… and ${report.misclassified.length - max} more`);
  return `${lines.join('\n')}\n`;
}
