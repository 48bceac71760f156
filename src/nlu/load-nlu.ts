/**
 * The NLU's loader: reads knowledge/nlu/, then either restores the model from the cache
 * (.cache/nlu/, keyed by a hash of the data and of the NLU's code) or trains it (a few seconds)
 * and writes the cache for the next start. `npm run build` trains it once, so that `npm start`
 * finds it ready.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { fromRoot } from '../shared/paths.js';
import { loadNluData, type NluData } from './data/load.js';
import { MODEL_FORMAT, restoreModel, trainModel, type IntentModel, type SerializedModel } from './model.js';
import { createNlu, type AssistantNlu } from './nlu.js';

export interface LoadNluOptions {
  /** knowledge/nlu by default. */
  dataDir?: string;
  /** .cache/nlu by default; null: no cache (always train). */
  cacheDir?: string | null;
  clock?: Clock;
  logger?: Logger;
  /** Already loaded data (tests). */
  data?: NluData;
}

export interface LoadedNlu {
  nlu: AssistantNlu;
  data: NluData;
  model: IntentModel;
  /** True when the model came from the cache. */
  fromCache: boolean;
  cacheFile?: string;
  ms: number;
}

/** Cached models kept side by side (see writeCache). */
const KEPT_MODELS = 4;

export function defaultNluCacheDir(): string {
  return fromRoot('.cache', 'nlu');
}

/** The NLU's own code (this folder, .ts under tsx or .js once built), in a stable order. */
function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(path));
    else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/**
 * The cache key: the model format, the data files and the NLU's code. Any change to the data, the
 * lexicon, the settings or the code that trains the model means a new model: a stale one is never
 * reused.
 */
export function modelCacheKey(data: NluData): string {
  const hash = createHash('sha256');
  hash.update(`format ${MODEL_FORMAT}\n`);
  hash.update(data.fingerprint);
  for (const file of codeFiles(dirname(fileURLToPath(import.meta.url)))) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 24);
}

function readCache(file: string): SerializedModel | undefined {
  try {
    const model = JSON.parse(readFileSync(file, 'utf8')) as SerializedModel;
    return model.format === MODEL_FORMAT ? model : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, file: string, model: SerializedModel, logger?: Logger): void {
  try {
    mkdirSync(dir, { recursive: true });
    // Write then rename: a concurrent reader (another test worker) never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(model));
    renameSync(temporary, file);
    // Keep a few recent models: the built code (dist/) and the sources run by tsx (tests, CLIs)
    // have different keys and must not evict each other; older ones go.
    const models = readdirSync(dir)
      .filter((name) => name.startsWith('model-') && name.endsWith('.json'))
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of models.slice(KEPT_MODELS)) rmSync(old.path, { force: true });
  } catch (error) {
    logger?.warn({ event: 'nlu.cache.write_failed', err: error }, 'the NLU model could not be cached; it will be trained again at the next start');
  }
}

export function loadNlu(options: LoadNluOptions = {}): LoadedNlu {
  const started = performance.now();
  const data = options.data ?? loadNluData(options.dataDir);
  const cacheDir = options.cacheDir === undefined ? defaultNluCacheDir() : options.cacheDir;
  let model: IntentModel | undefined;
  let cacheFile: string | undefined;
  let fromCache = false;
  if (cacheDir) {
    cacheFile = join(cacheDir, `model-${modelCacheKey(data)}.json`);
    const cached = readCache(cacheFile);
    if (cached) {
      model = restoreModel(cached, data.lexicon, data.settings);
      fromCache = true;
    }
  }
  if (!model) {
    model = trainModel(data.examples, data.lexicon, data.settings);
    if (cacheDir && cacheFile) writeCache(cacheDir, cacheFile, model.toJSON(), options.logger);
  }
  const ms = Math.round(performance.now() - started);
  options.logger?.info({ event: 'nlu.ready', fromCache, ms, examples: data.examples.length, intents: model.labels.length }, 'NLU ready');
  const nlu = createNlu({ model, lexicon: data.lexicon, settings: data.settings, ...(options.clock ? { clock: options.clock } : {}) });
  return { nlu, data, model, fromCache, ms, ...(cacheFile ? { cacheFile } : {}) };
}
