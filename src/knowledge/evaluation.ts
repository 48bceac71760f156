/**
 * Measures whether the knowledge base finds the right fact, on questions written from the sources:
 * each line of a JSONL file is `{"q", "must":[…], "mustNot"?:[…], "source", "style"?}`, where a
 * "must" is compared without accents or case (digit groups joined: "09 74 75 36 46" is
 * "0974753646"), or is "re:" and a regular expression on that folded text. Two measures:
 *  - the console: the share of questions whose top 3 search results, as the agent console shows
 *    them, state every "must" and no "mustNot";
 *  - retrieval alone: the share whose first result (top 1) or one of the first three (top 3)
 *    states them all.
 * Pure: the caller gives the knowledge base and a way to tell each question's language.
 */
import type { Language } from '../shared/conversation.js';
import { localized } from './content.js';
import type { KnowledgeBaseService } from './knowledge-base.js';
import type { SearchHit } from './types.js';
import { foldText } from '../shared/fold.js';

export interface EvalQuestion {
  q: string;
  must: string[];
  mustNot?: string[];
  source: string;
  style?: string;
}

export interface EvalMiss {
  q: string;
  style: string;
  source: string;
  /** Which measure missed it. */
  missedBy: Array<'console' | 'retrieval_top1' | 'retrieval_top3'>;
  /** What was missing from the best result of each measure. */
  missing: string[];
  consoleTop3: string[];
  retrievalTop3: string[];
}

export interface Rates {
  n: number;
  console_top3: number;
  retrieval_top1: number;
  retrieval_top3: number;
}

export interface EvalReport extends Rates {
  index: string;
  per_style: Record<string, Rates>;
  misses: EvalMiss[];
}

export class EvalDataError extends Error {}

/** Reads a JSONL file's text; a malformed line is reported with its number. */
export function parseEvalQuestions(text: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new EvalDataError(`line ${i + 1}: not valid JSON`);
    }
    const v = value as Partial<EvalQuestion>;
    const strings = (a: unknown) => Array.isArray(a) && a.every((s) => typeof s === 'string');
    if (typeof v.q !== 'string' || !v.q.trim() || !strings(v.must) || (v.mustNot !== undefined && !strings(v.mustNot))) {
      throw new EvalDataError(`line ${i + 1}: expected {"q": string, "must": [string…], "mustNot"?: [string…], "source", "style"?}`);
    }
    out.push({ q: v.q, must: v.must ?? [], ...(v.mustNot ? { mustNot: v.mustNot } : {}), source: typeof v.source === 'string' ? v.source : '', ...(typeof v.style === 'string' ? { style: v.style } : {}) });
  });
  return out;
}

export function foldForMatch(text: string): string {
  return foldText(text).replace(/[\u00a0\u202f\u2009]/g, ' ');
}

const joinDigits = (s: string) => s.replace(/(\d)[\s.-]+(?=\d)/g, '$1');

/** True when `text` states `must` (plain, accents and case aside, or "re:" and a regular expression). */
export function states(must: string, text: string): boolean {
  const folded = foldForMatch(text);
  const joined = joinDigits(folded);
  if (must.startsWith('re:')) {
    const re = new RegExp(foldForMatch(must.slice(3)), 'i');
    return re.test(folded) || re.test(joined);
  }
  const m = foldForMatch(must);
  return folded.includes(m) || joined.includes(joinDigits(m));
}

function satisfies(question: EvalQuestion, text: string): { ok: boolean; missing: string[] } {
  const missing = question.must.filter((m) => !states(m, text));
  const wrong = (question.mustNot ?? []).filter((m) => states(m, text)).map((m) => `not: ${m}`);
  return { ok: missing.length === 0 && wrong.length === 0, missing: [...missing, ...wrong] };
}

/** What the agent console shows of a search result: the matched question, answer and passage, the entry's answer, steps and key facts. */
export function consoleText(hit: SearchHit, kb: KnowledgeBaseService, language: Language): string {
  const entry = kb.entry(hit.id);
  const keyFacts = entry ? [...entry.facts.values()].filter((f) => f.isKey).map((f) => `${localized(f.label, language)} : ${localized(f.text, language)}`) : [];
  return [hit.title, hit.match?.question ?? '', hit.match?.answer ?? '', hit.match?.passage?.passage ?? '', hit.answer, ...(hit.steps ?? []), ...keyFacts].join('\n');
}

export interface EvaluateOptions {
  kb: KnowledgeBaseService;
  index: string;
  language: (text: string) => Language;
}

export function evaluate(questions: readonly EvalQuestion[], options: EvaluateOptions): EvalReport {
  const { kb } = options;
  const rows = questions.map((question) => {
    const language = options.language(question.q);
    const hits = kb.search(question.q, { limit: 3, language });
    const consoleTexts = hits.map((h) => consoleText(h, kb, language));
    const consoleOk = consoleTexts.some((t) => satisfies(question, t).ok);
    const retrieved = kb.retrieve?.(question.q, { limit: 3, language }) ?? [];
    const retrievalTexts = retrieved.map((r) => [r.question ?? '', r.text, r.passage?.passage ?? ''].join('\n'));
    const top1 = retrievalTexts[0] !== undefined && satisfies(question, retrievalTexts[0]).ok;
    const top3 = retrievalTexts.some((t) => satisfies(question, t).ok);
    const missedBy: EvalMiss['missedBy'] = [];
    if (!consoleOk) missedBy.push('console');
    if (!top1) missedBy.push('retrieval_top1');
    if (!top3) missedBy.push('retrieval_top3');
    const missing = [...new Set([...(consoleOk ? [] : satisfies(question, consoleTexts[0] ?? '').missing), ...(top1 ? [] : satisfies(question, retrievalTexts[0] ?? '').missing)])];
    return {
      style: question.style ?? 'unspecified',
      consoleOk,
      top1,
      top3,
      miss: {
        q: question.q,
        style: question.style ?? 'unspecified',
        source: question.source,
        missedBy,
        missing,
        consoleTop3: hits.map((h) => `${h.id}${h.match?.faqId ? `#${h.match.faqId}` : ''}`),
        retrievalTop3: retrieved.map((r) => `${r.entryId}${r.faqId ? `#${r.faqId}` : r.kind === 'passage' ? '@passage' : ''} (${r.score})`),
      } satisfies EvalMiss,
    };
  });
  const rates = (subset: typeof rows): Rates => {
    const n = subset.length;
    const share = (f: (r: (typeof rows)[number]) => boolean) => (n === 0 ? 0 : Math.round((subset.filter(f).length / n) * 1000) / 1000);
    return { n, console_top3: share((r) => r.consoleOk), retrieval_top1: share((r) => r.top1), retrieval_top3: share((r) => r.top3) };
  };
  const styles = [...new Set(rows.map((r) => r.style))].sort();
  return {
    index: options.index,
    ...rates(rows),
    per_style: Object.fromEntries(styles.map((s) => [s, rates(rows.filter((r) => r.style === s))])),
    misses: rows.filter((r) => r.miss.missedBy.length > 0).map((r) => r.miss),
  };
}
