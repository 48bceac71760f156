import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadNlu, loadNluData, modelCacheKey } from '../../../src/nlu/index.js';
import { testNlu } from '../../support/nlu.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'nlu-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('model cache', () => {
  it('writes the trained model to the cache, then restores the same model from it', () => {
    const data = testNlu().data;
    const trained = loadNlu({ data, cacheDir });
    expect(trained.fromCache).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([`model-${modelCacheKey(data)}.json`]);
    const restored = loadNlu({ data, cacheDir });
    expect(restored.fromCache).toBe(true);
    const text = 'je voudrais activer mon espace santé';
    expect(restored.nlu.parse(text)).toEqual(trained.nlu.parse(text));
  }, 120_000);

  it('trains again when the cached file is damaged', () => {
    const data = testNlu().data;
    writeFileSync(join(cacheDir, `model-${modelCacheKey(data)}.json`), '{"format":');
    expect(loadNlu({ data, cacheDir }).fromCache).toBe(false);
  }, 120_000);

  it('changes the key when the data changes', () => {
    const data = loadNluData();
    const changed = { ...data, fingerprint: `${data.fingerprint}\nchanged` };
    expect(modelCacheKey(changed)).not.toBe(modelCacheKey(data));
    expect(modelCacheKey(loadNluData())).toBe(modelCacheKey(data));
  });
});

describe('a text classified again', () => {
  it('gets the same classification without being analysed again, as copies of its own', () => {
    const { model } = testNlu();
    const analyse = vi.spyOn(model.pipeline, 'analyse');
    try {
      const text = 'mon numéro est 1 79 03 75 056 234 45, j’ai oublié mon mot de passe';
      const nir = { type: 'nir' as const, start: 15, end: 36 };
      const first = model.classify(text, [nir]);
      const calls = analyse.mock.calls.length;
      expect(calls).toBe(1);
      const expected = { probabilities: first.probabilities.slice(), analysis: structuredClone(first.analysis) };
      first.probabilities.fill(0);
      first.analysis.tokens.push('changed');
      expect(model.classify(text, [nir])).toEqual(expected);
      // The key is the text with its values masked: another number in the same place reads the same.
      expect(model.classify(text.replace('234 45', '234 46'), [nir])).toEqual(expected);
      expect(analyse.mock.calls.length).toBe(calls);
      // Unmasked, it is another text.
      expect(model.classify(text).analysis.tokens).not.toEqual(expected.analysis.tokens);
      expect(analyse.mock.calls.length).toBe(calls + 1);
    } finally {
      analyse.mockRestore();
    }
  });
});
