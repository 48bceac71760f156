/**
 * What `npm start` loads before it listens: the modules src/server/main.ts reaches through static
 * imports (type-only imports are erased; a dynamic `import()` runs only when its branch does).
 * The Redis client is loaded only when Redis is configured (state/open-store.ts), botbuilder only
 * when the Bot Framework channel is first used (channels/botframework/lazy-channel.ts): neither may
 * come back as a static import on the way to the listening server, where it would cost every start
 * a few hundred milliseconds. The dynamic imports are checked to lead to them, so that the walk is
 * known to see them when they are there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cruise, type IModule } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { fromRoot } from '../../src/shared/paths.js';

const DEFERRED = /node_modules\/(redis|@redis\/[^/]+|botbuilder)\//;
let modules: Map<string, IModule>;

beforeAll(async () => {
  const options = await extractDepcruiseOptions(fromRoot('.dependency-cruiser.mjs'));
  const { tsConfig, ...rest } = options;
  const output = await cruise(['src/server/main.ts'], { ...rest, baseDir: fromRoot(), includeOnly: { path: ['^src/', 'node_modules/'] } }, undefined, {
    tsConfig: tsConfig?.fileName ? { fileName: fromRoot(tsConfig.fileName) } : undefined,
  });
  if (typeof output.output === 'string') throw new Error('expected a cruise result, got a report');
  modules = new Map(output.output.modules.map((m) => [m.source, m]));
}, 120_000);

/** Every module reached from main.ts; `dynamic`: also through import(). */
function reached(dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (source: string) => {
    if (seen.has(source)) return;
    seen.add(source);
    for (const dep of modules.get(source)?.dependencies ?? []) {
      if (dep.dependencyTypes.includes('type-only')) continue;
      if (dep.dynamic && !dynamic) continue;
      visit(dep.resolved);
    }
  };
  visit('src/server/main.ts');
  return seen;
}

describe('modules loaded by the server before it listens', () => {
  it('include neither the Redis client nor botbuilder', () => {
    const loaded = [...reached(false)];
    expect(loaded).toContain('src/server/services.ts');
    expect(loaded.filter((m) => DEFERRED.test(m))).toEqual([]);
  });

  it('reach both through the dynamic imports that load them when needed', () => {
    const later = [...reached(true)].filter((m) => DEFERRED.test(m)).map((m) => DEFERRED.exec(m)?.[1]);
    expect(new Set(later)).toEqual(new Set(['redis', 'botbuilder']));
  });
});
