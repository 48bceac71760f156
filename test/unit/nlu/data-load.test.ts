import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { belongsTo, contractIntent, defaultNluDataDir, loadNluData, NluDataError, parseExamplesJsonl } from '../../../src/nlu/data/load.js';

const dirs: string[] = [];
function copyOfData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nlu-data-'));
  cpSync(defaultNluDataDir(), dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function problemsOf(dir: string): string[] {
  try {
    loadNluData(dir);
  } catch (error) {
    if (error instanceof NluDataError) return [...error.problems];
    throw error;
  }
  return [];
}

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value));
}

describe('loading the NLU data', () => {
  it('names the file and the JSON pointer of a schema error', () => {
    const dir = copyOfData();
    editJson(join(dir, 'training', 'greeting.json'), (v) => {
      (v.examples as { fr: unknown[] }).fr[2] = 42;
    });
    expect(problemsOf(dir)).toEqual(['training/greeting.json#/examples/fr/2: must be string']);
  });

  it('reports every problem at once, not just the first', () => {
    const dir = copyOfData();
    editJson(join(dir, 'lexicon.json'), (v) => {
      v.unknownSection = true;
    });
    editJson(join(dir, 'model.json'), (v) => {
      v.outOfScopeThreshold = 2;
    });
    const problems = problemsOf(dir);
    expect(problems).toContain('lexicon.json#/: unknown property "unknownSection"');
    expect(problems).toContain('model.json#/outOfScopeThreshold: must be <= 1');
  });

  it('refuses a line that sits under two intents, saying where both are', () => {
    const dir = copyOfData();
    editJson(join(dir, 'training', 'thanks.json'), (v) => {
      (v.examples as { fr: string[] }).fr.push('Bonjour !');
    });
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^training\/thanks\.json#\/examples\/fr\/\d+: "Bonjour !" is also under greeting \(training\/greeting\.json#\/examples\/fr\/0\)/);
  });

  it('refuses an intent without training data, and an unknown intent', () => {
    const dir = copyOfData();
    rmSync(join(dir, 'training', 'thanks.json'));
    editJson(join(dir, 'training', 'goodbye.json'), (v) => {
      v.intent = 'farewell';
    });
    const problems = problemsOf(dir);
    expect(problems).toContain('training/: intent "thanks" has no training data (add training/thanks.json)');
    expect(problems).toContain('training/goodbye.json#/intent: "farewell" should live in training/farewell.json');
    expect(problems).toContain('training/goodbye.json#/intent: "farewell" is not in contract/intents.json (nor a child "<intent>.<detail>" of one)');
  });

  it('accepts a finer intent named <intent>.<detail>, which counts as its parent', () => {
    expect(belongsTo('mes.activate.child', 'mes.activate')).toBe(true);
    expect(belongsTo('mes.activated', 'mes.activate')).toBe(false);
    expect(contractIntent('mes.activate.child', ['mes.activate', 'mes.close'])).toBe('mes.activate');
    expect(contractIntent('greeting', ['greeting'])).toBe('greeting');
  });

  it('reads JSON lines and names the line of a bad one', () => {
    expect(parseExamplesJsonl('{"text":"oui","intent":"affirm"}\n\n{"text":"non","intent":"deny"}\n')).toHaveLength(2);
    expect(() => parseExamplesJsonl('{"text":"oui"}\nnot json', 'f.jsonl')).toThrow(/f\.jsonl:1: expected \{"text": string, "intent": string\}[\s\S]*f\.jsonl:2: not valid JSON/);
  });
});
