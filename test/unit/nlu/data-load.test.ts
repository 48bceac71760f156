import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { belongsTo, contractIntent, defaultNluDataDir, loadNluData, NluDataError, parseExamplesJsonl, utteranceKey } from '../../../src/nlu/data/load.js';
import { fromRoot } from '../../../src/shared/paths.js';

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

describe('the NLU content', () => {
  it('loads: every contract intent has training data, thousands of utterances, French and English', () => {
    const data = loadNluData();
    expect(data.intents).toHaveLength(31);
    const counts = new Map<string, number>();
    for (const e of data.examples) counts.set(e.intent, (counts.get(e.intent) ?? 0) + 1);
    for (const intent of data.intents) expect(counts.get(intent.name) ?? 0, intent.name).toBeGreaterThanOrEqual(50);
    expect(data.examples.length).toBeGreaterThan(3000);
    expect(data.examples.filter((e) => e.language === 'en').length).toBeGreaterThan(300);
  });

  it('keeps the exact intent names of the public contract', () => {
    const shared = '/work/shared/contract/intents.json';
    const names = loadNluData().intents.map((i) => i.name);
    // Outside the team's machine the contract file is not there; the list then stands on its own.
    const contract = existsSync(shared) ? (JSON.parse(readFileSync(shared, 'utf8')) as { intents: Array<{ name: string }> }).intents.map((i) => i.name) : names;
    expect(names).toEqual(contract);
    expect(names).toContain('out_of_scope');
  });

  it('never trains on the held-out file', () => {
    const training = new Set(loadNluData().examples.map((e) => utteranceKey(e.text)));
    const heldOut = parseExamplesJsonl(readFileSync(fromRoot('test', 'fixtures', 'nlu', 'heldout.jsonl'), 'utf8'));
    expect(heldOut.length).toBeGreaterThan(400);
    expect(heldOut.filter((e) => training.has(utteranceKey(e.text))).map((e) => e.text)).toEqual([]);
  });

  it('never trains on the fresh held-out file beyond the common phrasings it shared with training when it was written', () => {
    const training = new Set(loadNluData().examples.map((e) => utteranceKey(e.text)));
    const fresh = parseExamplesJsonl(readFileSync(fromRoot('test', 'fixtures', 'nlu', 'heldout-fresh.jsonl'), 'utf8'));
    const known = (JSON.parse(readFileSync(fromRoot('test', 'fixtures', 'nlu', 'heldout-fresh.in-training.json'), 'utf8')) as { texts: string[] }).texts;
    expect(fresh.length).toBeGreaterThan(400);
    const knownKeys = new Set(known.map(utteranceKey));
    expect(fresh.filter((e) => training.has(utteranceKey(e.text)) && !knownKeys.has(utteranceKey(e.text))).map((e) => e.text)).toEqual([]);
    // The list only shrinks: every line on it is a line of the file.
    const freshKeys = new Set(fresh.map((e) => utteranceKey(e.text)));
    expect(known.filter((text) => !freshKeys.has(utteranceKey(text)))).toEqual([]);
  });

  it('reads only the files of knowledge/ when it trains, never an evaluation file', () => {
    // The fingerprint holds every file the loader read, each headed by its name.
    const names = loadNluData()
      .fingerprint.split('\n\u0000\n')
      .map((part) => part.split('\n')[0]);
    expect(names.length).toBeGreaterThan(31);
    expect(names.filter((name) => !/^(lexicon\.json|model\.json|contract\/intents\.json|training\/[a-z_.]+\.json)$/.test(name ?? ''))).toEqual([]);
  });

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
