/**
 * The real NLU content (knowledge/nlu/): it loads with every intent of the public contract, and
 * training never holds a line of the held-out files nor reads an evaluation file. How the loader
 * reports problems is unit-tested in test/unit/nlu/data-load.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNluData, parseExamplesJsonl, utteranceKey } from '../../src/nlu/data/load.js';
import { fromRoot } from '../../src/shared/paths.js';

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
});
