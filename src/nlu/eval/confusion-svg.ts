import type { EvaluationReport } from './metrics.js';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The confusion matrix as an SVG picture: one row per expected intent, one column per predicted
 * intent, each cell shaded by the share of its row (the diagonal green, the errors red) and
 * labelled with its count. Self-contained, no script: it opens in any browser.
 */
export function confusionMatrixSvg(report: EvaluationReport, title = 'NLU confusion matrix'): string {
  const labels = Object.keys(report.confusion).sort();
  const cell = 22;
  const left = 190;
  const top = 200;
  const size = labels.length * cell;
  const width = left + size + 40;
  const height = top + size + 60;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>${escapeXml(title)}</title>`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="10" y="38">accuracy ${report.accuracy} · macro-F1 ${report.macro_f1} · ${report.count} utterances · rows: expected, columns: predicted</text>`,
  );
  labels.forEach((label, i) => {
    const y = top + i * cell + cell / 2 + 4;
    parts.push(`<text x="${left - 6}" y="${y}" text-anchor="end">${escapeXml(label)}</text>`);
    const x = left + i * cell + cell / 2 + 4;
    parts.push(`<text x="${x}" y="${top - 6}" transform="rotate(-60 ${x} ${top - 6})">${escapeXml(label)}</text>`);
  });
  labels.forEach((expected, i) => {
    const row = report.confusion[expected] ?? {};
    const total = Object.values(row).reduce((a, b) => a + b, 0);
    labels.forEach((predicted, j) => {
      const count = row[predicted] ?? 0;
      const share = total === 0 ? 0 : count / total;
      const x = left + j * cell;
      const y = top + i * cell;
      const fill = count === 0 ? '#f7f7f7' : i === j ? `rgba(30,130,60,${(0.15 + 0.85 * share).toFixed(2)})` : `rgba(200,40,40,${(0.2 + 0.8 * share).toFixed(2)})`;
      parts.push(`<rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${fill}"><title>${escapeXml(`${expected} → ${predicted}: ${count}`)}</title></rect>`);
      if (count > 0) {
        const color = share > 0.5 ? '#fff' : '#000';
        parts.push(`<text x="${x + cell / 2 - 0.5}" y="${y + cell / 2 + 3.5}" text-anchor="middle" fill="${color}" font-size="9">${count}</text>`);
      }
    });
  });
  parts.push(`<text x="${left}" y="${top + size + 30}">Hover a cell for its pair. Green: right; red: confused.</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
