import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNluData } from '../../../src/nlu/index.js';
import { fromRoot } from '../../../src/shared/paths.js';

const tsx = fromRoot('node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'nlu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[] = []) {
  const result = spawnSync(tsx, [fromRoot('src', 'cli', script), ...args], { cwd: fromRoot(), encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('nlu:export', () => {
  it('prints the training utterances as JSON lines {text, intent} and nothing else', () => {
    const { status, stdout } = run('nlu-export.ts');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(loadNluData().examples.length);
    for (const line of lines) {
      const value = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(['text', 'intent']);
      expect(typeof value.text).toBe('string');
    }
  }, 120_000);
});

describe('nlu:eval', () => {
  const data = join(dir, 'small.jsonl');
  writeFileSync(
    data,
    ['{"text":"bonjour madame","intent":"greeting"}', '{"text":"j\'ai perdu ma carte vitale","intent":"card.vitale_lost"}', '{"text":"quel temps fait-il","intent":"out_of_scope"}', '{"text":"merci beaucoup","intent":"greeting"}'].join('\n'),
  );

  it('prints one JSON object with accuracy, macro_f1, per_intent and latency with --json', () => {
    const { status, stdout } = run('nlu-eval.ts', ['--data', data, '--json']);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(report.accuracy).toBe(0.75);
    expect(report).toHaveProperty('macro_f1');
    expect(report.per_intent).toMatchObject({ greeting: { precision: 1, recall: 0.5, support: 2 }, thanks: { precision: 0, support: 0 } });
    const latency = report.latency_us as { p50: number; p99: number };
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
  }, 120_000);

  it('prints a readable report and writes the confusion matrix as SVG without --json', () => {
    const svg = join(dir, 'matrix.svg');
    const { status, stdout } = run('nlu-eval.ts', ['--data', data, '--svg', svg]);
    expect(status).toBe(0);
    expect(stdout).toContain('Per intent');
    expect(stdout).toContain('greeting → thanks');
    expect(stdout).toContain('merci beaucoup');
    expect(stdout).toContain(`Confusion matrix (SVG): ${svg}`);
    expect(existsSync(svg)).toBe(true);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
  }, 120_000);

  it('counts a finer intent "<intent>.<detail>" as its contract intent and reports out_of_scope with the contract fields', () => {
    const finer = join(dir, 'finer.jsonl');
    writeFileSync(finer, ['{"text":"on m\'a volé ma carte vitale","intent":"card.vitale_lost.stolen"}', '{"text":"quel temps fait-il à Brest","intent":"out_of_scope"}'].join('\n'));
    const { status, stdout } = run('nlu-eval.ts', ['--data', finer, '--json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { accuracy: number; per_intent: Record<string, Record<string, number>> };
    expect(report.accuracy).toBe(1);
    expect(report.per_intent['card.vitale_lost']).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(report.per_intent).not.toHaveProperty(['card.vitale_lost.stolen']);
    expect(Object.keys(report.per_intent.out_of_scope ?? {}).sort()).toEqual(['f1', 'precision', 'recall', 'support']);
    expect(report.per_intent.out_of_scope?.support).toBe(1);
  }, 120_000);

  it('fails with a message on a file that is not JSON lines', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    const { status, stderr, stdout } = run('nlu-eval.ts', ['--data', bad, '--json']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad.jsonl:1: not valid JSON');
  }, 120_000);
});
