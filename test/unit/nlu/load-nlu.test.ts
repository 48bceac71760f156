import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
