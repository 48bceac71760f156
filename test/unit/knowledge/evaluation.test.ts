/**
 * The knowledge evaluation (npm run knowledge:eval): how a "must" fact is read, the JSONL format
 * and its errors, the three rates and the misses, and the command itself on a small file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, parseEvalQuestions, states } from '../../../src/knowledge/index.js';
import { fromRoot } from '../../../src/shared/paths.js';
import { realKnowledgeBase } from '../../support/knowledge.js';

describe('reading a "must" fact', () => {
  it('compares plain strings without accents, case or digit spacing', () => {
    expect(states('3646', 'Appelez le 36 46.')).toBe(true);
    expect(states('0974753646', 'En anglais : 09 74 75 36 46')).toBe(true);
    expect(states('Réinitialiser', 'reinitialiser le mot de passe')).toBe(true);
    expect(states('3422', 'Appelez le 3646')).toBe(false);
  });

  it('reads "re:" as a regular expression on the folded text', () => {
    expect(states('re:30 ?min', 'valable 30 minutes')).toBe(true);
    expect(states('re:[eé]t[eé]', 'été')).toBe(true);
    expect(states('re:\\b12\\b', '120 caractères')).toBe(false);
  });
});

describe('the question file', () => {
  it('reads one question per line, blank lines aside', () => {
    const text = '{"q":"a ?","must":["x"],"source":"000:1","style":"typo"}\n\n{"q":"b ?","must":[],"mustNot":["y"],"source":"001:2"}\n';
    expect(parseEvalQuestions(text)).toEqual([
      { q: 'a ?', must: ['x'], source: '000:1', style: 'typo' },
      { q: 'b ?', must: [], mustNot: ['y'], source: '001:2' },
    ]);
  });

  it('names the line of a malformed question', () => {
    expect(() => parseEvalQuestions('{"q":"a","must":["x"],"source":""}\n{"q":1}')).toThrow(/line 2/);
    expect(() => parseEvalQuestions('not json')).toThrow(/line 1: not valid JSON/);
  });
});

describe('evaluating', () => {
  const kb = realKnowledgeBase();
  const report = evaluate(
    [
      { q: 'le lien pour réinitialiser le mot de passe est valable combien de temps ?', must: ['re:30 ?min'], source: '003', style: 'plain' },
      { q: 'numéro de téléphone de l’assurance maladie', must: ['3646'], mustNot: ['3422'], source: '004', style: 'keywords' },
      { q: 'quelle est la couleur du ciel à Lyon ?', must: ['bleu azur'], source: 'none', style: 'plain' },
    ],
    { kb, index: 'minisearch', language: () => 'fr' },
  );

  it('gives the console top-3 share and the retrieval top-1 and top-3 rates, per style', () => {
    expect(report.n).toBe(3);
    expect(report.console_top3).toBeCloseTo(2 / 3, 2);
    expect(report.retrieval_top3).toBeCloseTo(2 / 3, 2);
    expect(report.per_style.plain).toMatchObject({ n: 2, console_top3: 0.5 });
    expect(report.per_style.keywords?.n).toBe(1);
  });

  it('lists the missed questions with what was missing and what came first', () => {
    expect(report.misses).toHaveLength(1);
    expect(report.misses[0]).toMatchObject({ q: 'quelle est la couleur du ciel à Lyon ?', missing: ['bleu azur'] });
    expect(report.misses[0]!.missedBy).toEqual(['console', 'retrieval_top1', 'retrieval_top3']);
  });
});

describe('npm run knowledge:eval', () => {
  it('prints one JSON object with the rates of the chosen index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-eval-'));
    try {
      const file = join(dir, 'q.jsonl');
      writeFileSync(file, '{"q":"le 3646 est-il gratuit ?","must":["re:gratuit"],"source":"004","style":"plain"}\n');
      const run = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('src/cli/knowledge-eval.ts'), '--data', file, '--index', 'flexsearch', '--json'], { encoding: 'utf8', cwd: fromRoot() });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { index: string; n: number; console_top3: number; retrieval_top1: number; per_style: Record<string, unknown> };
      expect(out).toMatchObject({ index: 'flexsearch', n: 1, console_top3: 1 });
      expect(Object.keys(out.per_style)).toEqual(['plain']);

      const bad = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('src/cli/knowledge-eval.ts'), '--data', file, '--index', 'lunr'], { encoding: 'utf8', cwd: fromRoot() });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--index must be minisearch, flexsearch, both');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
