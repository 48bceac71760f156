/**
 * The coverage map: for every unit (sentence, list item, table row) of every source, whether a
 * knowledge item quotes it, whether it is listed as not for the assistant (with a reason), or
 * neither. A unit is covered when quoted passages (entry sources, facts, FAQ items) span at least
 * COVERED_SHARE of its letters and digits, or when the same words are covered elsewhere (a
 * duplicate slide). Exclusions are quoted blocks; a factual unit inside one is a problem, never
 * an exclusion.
 */
import type { Entry } from '../content.js';
import type { SourceDocument } from '../sources.js';
import { factualReasons, type FactualReason } from './factual.js';
import { segmentSource, unitBody, type SourceUnit } from './segment.js';
import { stripAccents } from '../../shared/fold.js';

export const EXCLUSION_REASONS = ['slide-heading', 'trainer-note', 'duplicate', 'screenshot', 'navigation', 'example-data', 'media-link', 'professionals-only', 'partners-only', 'closing'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface Exclusion {
  file: string;
  /** Quoted word for word (whitespace and ** aside); may span several lines. */
  passage: string;
  reason: ExclusionReason;
  /** Required for example-data that holds figures: what the sample is. */
  note?: string;
}

export interface CoverageFile {
  $schema: string;
  version: 1;
  excluded: Exclusion[];
}

export interface QuotedPassage {
  file: string;
  passage: string;
  /** Who quotes it: "password-reset", "password-reset#link-validity", "password-reset.link_validity". */
  by: string;
}

export type UnitStatus = { kind: 'covered'; by: string[]; duplicateOf?: string } | { kind: 'excluded'; reason: ExclusionReason; note?: string } | { kind: 'uncovered' };

export interface MappedUnit extends SourceUnit {
  factual: FactualReason[];
  status: UnitStatus;
}

export interface CoverageProblem {
  /** Index in the exclusion list. */
  exclusion: number;
  message: string;
}

export interface CoverageReport {
  units: MappedUnit[];
  problems: CoverageProblem[];
  totals: { units: number; covered: number; excluded: number; uncovered: number; factual: number; factualCovered: number; factualRate: number };
}

/** Share of a unit's letters and digits that quoted passages must span for it to be covered. */
export const COVERED_SHARE = 0.6;

/** Every passage the knowledge base quotes, with who quotes it. */
export function quotedPassages(entries: readonly Entry[]): QuotedPassage[] {
  const out: QuotedPassage[] = [];
  for (const e of entries) {
    for (const s of e.sources) out.push({ ...s, by: e.id });
    for (const f of e.facts.values()) for (const s of f.sources) out.push({ ...s, by: `${e.id}.${f.key}` });
    for (const language of ['fr', 'en'] as const) {
      for (const item of e.content[language]?.faq ?? []) for (const s of item.sources) out.push({ file: s.file, passage: s.passage, by: `${e.id}#${item.id}` });
    }
  }
  return out;
}

/**
 * The text as quotes are compared (whitespace collapsed, ** dropped, apostrophes unified, like
 * normalizeQuote) with, for each of its characters, where it was in the raw text.
 */
function normalizeWithMap(raw: string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '*' && raw[i + 1] === '*') {
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      if (text.length > 0 && pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0) {
      text += ' ';
      at.push(pendingSpace);
      pendingSpace = -1;
    }
    text += c === '\u2019' || c === '\u2018' ? "'" : c;
    at.push(i);
  }
  return { text, at };
}

function normalizePassage(passage: string): string {
  return passage
    .replace(/\*\*/g, '')
    .replace(/[\u2019\u2018]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Raw character ranges of a file that a set of passages quote (every occurrence). */
function quotedRanges(raw: string, passages: readonly string[]): Array<[number, number]> {
  const { text, at } = normalizeWithMap(raw);
  const ranges: Array<[number, number]> = [];
  for (const p of passages) {
    const needle = normalizePassage(p);
    if (!needle) continue;
    for (let from = text.indexOf(needle); from >= 0; from = text.indexOf(needle, from + 1)) {
      ranges.push([at[from] ?? 0, (at[from + needle.length - 1] ?? 0) + 1]);
    }
  }
  return ranges;
}

/** Marks the characters of the ranges with `value` (0 stays "not quoted"). */
function mark(mask: Int32Array, ranges: ReadonlyArray<[number, number]>, value: number): void {
  for (const [a, b] of ranges) mask.fill(value, a, b);
}

/** The share of the letters and digits of [start, end) whose mark satisfies `inside`. */
function spannedShare(raw: string, start: number, end: number, mask: Int32Array, inside: (m: number) => boolean): number {
  let total = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    if (!/[\p{L}\p{N}]/u.test(raw[i] ?? '')) continue;
    total++;
    if (inside(mask[i] ?? 0)) count++;
  }
  return total === 0 ? 0 : count / total;
}

/** The mark most of [start, end) carries (0 when none). */
function dominantMark(mask: Int32Array, start: number, end: number): number {
  const counts = new Map<number, number>();
  for (let i = start; i < end; i++) {
    const m = mask[i] ?? 0;
    if (m) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [m, c] of counts) if (c > bestCount) [best, bestCount] = [m, c];
  return best;
}

const wordsKey = (text: string) =>
  stripAccents(unitBody(text))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function mapCoverage(documents: readonly SourceDocument[], quoted: readonly QuotedPassage[], exclusions: readonly Exclusion[]): CoverageReport {
  const units: MappedUnit[] = [];
  const problems: CoverageProblem[] = [];
  for (const doc of documents) {
    const own = quoted.filter((q) => q.file === doc.file);
    const byPassage = own.map((q) => ({ q, ranges: quotedRanges(doc.text, [q.passage]) }));
    const quotedMask = new Int32Array(doc.text.length);
    for (const b of byPassage) mark(quotedMask, b.ranges, 1);
    const excludedMask = new Int32Array(doc.text.length);
    exclusions.forEach((x, i) => {
      if (x.file === doc.file) mark(excludedMask, quotedRanges(doc.text, [x.passage]), i + 1);
    });
    for (const unit of segmentSource(doc.file, doc.text)) {
      const factual = factualReasons(unit.text);
      let status: UnitStatus = { kind: 'uncovered' };
      if (spannedShare(doc.text, unit.start, unit.end, quotedMask, (m) => m > 0) >= COVERED_SHARE) {
        const by = byPassage.filter((b) => b.ranges.some(([a, e]) => a < unit.end && e > unit.start)).map((b) => b.q.by);
        status = { kind: 'covered', by: [...new Set(by)] };
      } else if (spannedShare(doc.text, unit.start, unit.end, excludedMask, (m) => m > 0) >= COVERED_SHARE) {
        const index = dominantMark(excludedMask, unit.start, unit.end) - 1;
        const x = exclusions[index];
        // Sample values (a facsimile, test patients, a captured screen's dates and view counts) are
        // figures but not facts: the one reason that may hold them, and it must say what they are.
        if (x && factual.length > 0 && !(x.reason === 'example-data' && x.note)) problems.push({ exclusion: index, message: `${doc.file}:${unit.line} states a ${factual.join(', ')} ("${unit.text.slice(0, 80)}"): it cannot be "${x.reason}", cover it with a knowledge item` });
        else if (x) status = { kind: 'excluded', reason: x.reason, ...(x.note ? { note: x.note } : {}) };
      }
      units.push({ ...unit, factual, status });
    }
  }
  // The same words covered in another place (slides repeated, a letter and its e-mail) are covered.
  const coveredKeys = new Map<string, string>();
  for (const u of units) if (u.status.kind === 'covered') coveredKeys.set(wordsKey(u.text), `${u.file}:${u.line}`);
  for (const u of units) {
    if (u.status.kind === 'covered') continue;
    const twin = coveredKeys.get(wordsKey(u.text));
    if (twin && wordsKey(u.text).length >= 8) u.status = { kind: 'covered', by: [], duplicateOf: twin };
  }
  exclusions.forEach((x, i) => {
    if (!documents.some((d) => d.file === x.file)) problems.push({ exclusion: i, message: `unknown source file "${x.file}"` });
    else if (quotedRanges(documents.find((d) => d.file === x.file)?.text ?? '', [x.passage]).length === 0) problems.push({ exclusion: i, message: `this passage is not in ${x.file}: quote it word for word ("${x.passage.slice(0, 60)}")` });
  });

  const count = (f: (u: MappedUnit) => boolean) => units.filter(f).length;
  // Sample values excluded as example-data are figures, not facts: they leave the factual count.
  const isFact = (u: MappedUnit) => u.factual.length > 0 && u.status.kind !== 'excluded';
  const factualUnits = count(isFact);
  const factualCovered = count((u) => isFact(u) && u.status.kind === 'covered');
  return {
    units,
    problems,
    totals: {
      units: units.length,
      covered: count((u) => u.status.kind === 'covered'),
      excluded: count((u) => u.status.kind === 'excluded'),
      uncovered: count((u) => u.status.kind === 'uncovered'),
      factual: factualUnits,
      factualCovered,
      factualRate: factualUnits === 0 ? 1 : Math.round((factualCovered / factualUnits) * 10000) / 10000,
    },
  };
}
