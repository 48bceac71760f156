/**
 * The import rules of .dependency-cruiser.mjs (run on src/ by `npm run lint`) are shown to catch
 * what they forbid: a small source tree with one planted violation per rule, beside imports the
 * rules allow, is cruised with the real configuration.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { fromRoot } from '../../src/shared/paths.js';

// Inside the repository (ignored by git) so that `express` resolves from node_modules.
const TREE = fromRoot('.cache', `import-rules-${process.pid}`);

/** Each file of the planted tree: path under src/ → the modules it imports. */
const FILES: Record<string, string[]> = {
  // Allowed: the roots pick stores and read configuration; channels use channels/shared; the engine
  // uses interfaces; everything uses shared/.
  'server/root.ts': ['../state/memory-kv.js', '../config/index.js', '../engine/engine.js', '../channels/directline/line.ts'],
  'cli/chat.ts': ['../server/root.js', '../config/index.js'],
  'channels/directline/line.ts': ['../shared/render.js', '../../shared/ids.js', '../../state/kv.js', 'express'],
  'channels/shared/render.ts': ['../../shared/ids.js'],
  'engine/engine.ts': ['../backend/client/types.js', '../state/kv.js', '../state/storage-contract.js', '../nlu/nlu.js', '../knowledge/kb.js'],
  'nlu/nlu.ts': ['../domain/nir.js', '../shared/ids.js'],
  'knowledge/kb.ts': ['../shared/ids.js'],
  'domain/nir.ts': ['../shared/ids.js'],
  'shared/ids.ts': [],
  'state/kv.ts': [],
  'state/storage-contract.ts': [],
  'state/memory-kv.ts': ['./kv.js'],
  'config/index.ts': [],
  'backend/api-schemas/operations.ts': ['../../domain/nir.js', '../../shared/ids.js'],
  'backend/client/types.ts': ['../api-schemas/operations.js'],
  'backend/client/http-client.ts': ['./types.js'],
  'backend/simulator/sim.ts': ['../../state/kv.js', 'express'],
  // One violation per rule, named by the file that breaks it.
  'shared/leaf-breaker.ts': ['../engine/engine.js'],
  'domain/io-breaker.ts': ['../state/kv.js'],
  'knowledge/engine-breaker.ts': ['../engine/engine.js'],
  'nlu/http-breaker.ts': ['express'],
  'channels/webchat/neighbour-breaker.ts': ['../directline/line.js'],
  'channels/botframework/engine-breaker.ts': ['../../engine/engine.js'],
  'engine/client-breaker.ts': ['../backend/client/http-client.js'],
  'handoff/store-breaker.ts': ['../state/memory-kv.js'],
  'backend/api-schemas/client-breaker.ts': ['../client/types.js'],
  'engine/config-breaker.ts': ['../config/index.js'],
  'feedback/root-breaker.ts': ['../server/root.js'],
};

const PLANTED: Array<[rule: string, from: string]> = [
  ['shared-is-a-leaf', 'shared/leaf-breaker.ts'],
  ['domain-uses-only-shared', 'domain/io-breaker.ts'],
  ['knowledge-and-nlu-are-pure', 'knowledge/engine-breaker.ts'],
  ['http-only-at-the-edges', 'nlu/http-breaker.ts'],
  ['channels-never-import-each-other', 'channels/webchat/neighbour-breaker.ts'],
  ['channels-talk-to-the-engine-interface', 'channels/botframework/engine-breaker.ts'],
  ['engine-sees-only-interfaces', 'engine/client-breaker.ts'],
  ['backend-contract-knows-no-user', 'backend/api-schemas/client-breaker.ts'],
  ['only-roots-pick-concrete-stores', 'handoff/store-breaker.ts'],
  ['only-roots-read-configuration', 'engine/config-breaker.ts'],
  ['nothing-imports-a-root', 'feedback/root-breaker.ts'],
];

function source(imports: string[]): string {
  const lines = imports.map((from, i) => `import * as m${i} from '${from}';`);
  return `${lines.join('\n')}\nexport const used = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`;
}

let result: ICruiseResult;

beforeAll(async () => {
  for (const [path, imports] of Object.entries(FILES)) {
    const file = join(TREE, 'src', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, source(imports));
  }
  const options = await extractDepcruiseOptions(fromRoot('.dependency-cruiser.mjs'));
  const { tsConfig: _ignored, ...rest } = options;
  const output = await cruise(['src'], { ...rest, baseDir: TREE, validate: true });
  if (typeof output.output === 'string') throw new Error('expected a cruise result, got a report');
  result = output.output;
}, 60_000);

afterAll(() => rmSync(TREE, { recursive: true, force: true }));

describe('import rules', () => {
  it('catch each planted violation and nothing the rules allow', () => {
    const found = (result.summary.violations ?? []).map((v) => [v.rule.name, v.from.replace(/^src\//, '')]);
    expect(found.sort()).toEqual([...PLANTED].sort());
  });

  it('every rule of the configuration is planted once', () => {
    const rules = (result.summary.ruleSetUsed?.forbidden ?? []).map((r) => r.name).sort();
    expect(rules).toEqual(PLANTED.map(([rule]) => rule).sort());
  });
});
