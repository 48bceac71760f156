/**
 * Loads and checks the NLU's content (knowledge/nlu/): the lexicon, the training utterances and
 * the model settings, and the contract's intents (knowledge/contract/intents.json). Every file is validated against its JSON Schema (ajv,
 * allErrors); a problem names the file and the JSON pointer, and says how to fix it. The same
 * loader runs at start-up, in the tests and in CI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LOAD_TIME_CODE } from '../../shared/ajv-options.js';
import { AppError } from '../../shared/errors.js';
import { fromRoot } from '../../shared/paths.js';
import type { Language } from '../types.js';
import type { Example, IntentDefinition, Lexicon, ModelSettings } from './types.js';
import { stripAccents } from '../../shared/fold.js';

export class NluDataError extends AppError {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super('nlu_data_invalid', `NLU data invalid:\n  - ${problems.join('\n  - ')}`, { details: { problems } });
    this.name = 'NluDataError';
    this.problems = problems;
  }
}

export interface NluData {
  lexicon: Lexicon;
  intents: IntentDefinition[];
  examples: Example[];
  settings: ModelSettings;
  /** The raw text of every file read, in a stable order (the model cache is keyed by its hash). */
  fingerprint: string;
}

export function defaultNluDataDir(): string {
  return fromRoot('knowledge', 'nlu');
}

interface TrainingFile {
  intent: string;
  examples: Partial<Record<Language, string[]>>;
}

interface IntentsFile {
  intents: IntentDefinition[];
}

class Loader {
  readonly problems: string[] = [];
  private readonly ajv = new Ajv({ allErrors: true, strict: true, code: LOAD_TIME_CODE });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly texts: string[] = [];

  constructor(private readonly dir: string) {}

  private validator(schemaName: string): ValidateFunction {
    let validate = this.validators.get(schemaName);
    if (!validate) {
      const schema = JSON.parse(readFileSync(join(this.dir, 'schema', schemaName), 'utf8')) as Record<string, unknown>;
      validate = this.ajv.compile(schema);
      this.validators.set(schemaName, validate);
    }
    return validate;
  }

  read<T>(file: string, schemaName: string, name = relative(this.dir, file)): T | undefined {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      this.problems.push(`${name}: cannot be read (is it there?)`);
      return undefined;
    }
    this.texts.push(`${name}\n${raw}`);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      this.problems.push(`${name}: not valid JSON (${(error as Error).message})`);
      return undefined;
    }
    const validate = this.validator(schemaName);
    if (!validate(value)) {
      for (const e of validate.errors ?? []) this.problems.push(`${name}#${e.instancePath || '/'}: ${describe(e)}`);
      return undefined;
    }
    return value as T;
  }
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return `unknown property "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'uniqueItems') return `duplicate entries (items ${String(error.params.j)} and ${String(error.params.i)} are the same)`;
  return error.message ?? error.keyword;
}

/** Folds an utterance enough to spot the same line written twice ("Bonjour !" and "bonjour"). */
export function utteranceKey(text: string): string {
  return stripAccents(text.toLowerCase())
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** True when `name` is `parent` or one of its children ("mes.activate.child" counts as "mes.activate"). */
export function belongsTo(name: string, parent: string): boolean {
  return name === parent || name.startsWith(`${parent}.`);
}

/** The contract intent a (possibly finer) intent name counts as. */
export function contractIntent(name: string, intents: readonly string[]): string {
  let best = name;
  let bestLength = -1;
  for (const intent of intents) {
    if (belongsTo(name, intent) && intent.length > bestLength) {
      best = intent;
      bestLength = intent.length;
    }
  }
  return best;
}

/** The project's copy of the contract's intents.json (shared with the knowledge base). */
export function defaultIntentsFile(): string {
  return fromRoot('knowledge', 'contract', 'intents.json');
}

/**
 * Reads knowledge/nlu/ (or `dir`): lexicon.json, model.json and training/*.json, and the intents
 * of the contract (knowledge/contract/intents.json). Throws NluDataError listing every problem
 * found, not just the first.
 */
export function loadNluData(dir: string = defaultNluDataDir(), options: { intentsFile?: string } = {}): NluData {
  const loader = new Loader(dir);
  const lexicon = loader.read<Lexicon>(join(dir, 'lexicon.json'), 'lexicon.schema.json');
  const intentsFile = loader.read<IntentsFile>(options.intentsFile ?? defaultIntentsFile(), 'intents.schema.json', 'contract/intents.json');
  const settings = loader.read<ModelSettings>(join(dir, 'model.json'), 'model.schema.json');

  const trainingDir = join(dir, 'training');
  let files: string[] = [];
  try {
    files = readdirSync(trainingDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    loader.problems.push('training/: folder missing (one JSON file per intent goes there)');
  }

  const examples: Example[] = [];
  const seen = new Map<string, Example>();
  const intentNames = intentsFile?.intents.map((i) => i.name) ?? [];
  const covered = new Set<string>();
  for (const file of files) {
    const data = loader.read<TrainingFile>(join(trainingDir, file), 'training.schema.json');
    if (!data) {
      // Its own problem is reported; do not also report its intent as missing.
      covered.add(file.replace(/\.json$/, ''));
      continue;
    }
    if (file !== `${data.intent}.json`) loader.problems.push(`training/${file}#/intent: "${data.intent}" should live in training/${data.intent}.json`);
    const parent = intentNames.find((name) => belongsTo(data.intent, name));
    if (intentsFile && !parent) {
      loader.problems.push(`training/${file}#/intent: "${data.intent}" is not in contract/intents.json (nor a child "<intent>.<detail>" of one)`);
    }
    if (parent) covered.add(parent);
    for (const language of ['fr', 'en'] as const) {
      (data.examples[language] ?? []).forEach((text, index) => {
        const source = `training/${file}#/examples/${language}/${index}`;
        const example: Example = { text, intent: data.intent, language, source };
        const key = utteranceKey(text);
        const previous = seen.get(key);
        if (previous) {
          if (previous.intent !== data.intent) {
            loader.problems.push(`${source}: "${text}" is also under ${previous.intent} (${previous.source}); keep it under one intent`);
          } else {
            loader.problems.push(`${source}: "${text}" repeats ${previous.source}; remove one`);
          }
          return;
        }
        seen.set(key, example);
        examples.push(example);
      });
    }
  }
  for (const name of intentNames) {
    if (files.length > 0 && !covered.has(name)) loader.problems.push(`training/: intent "${name}" has no training data (add training/${name}.json)`);
  }
  if (intentsFile && !intentNames.includes('out_of_scope')) loader.problems.push('contract/intents.json#/intents: "out_of_scope" is required');

  if (loader.problems.length > 0 || !lexicon || !intentsFile || !settings) throw new NluDataError(loader.problems);
  return { lexicon, intents: intentsFile.intents, examples, settings, fingerprint: loader.texts.join('\n\u0000\n') };
}

/** Reads only the lexicon (the validators of short answers need it, not the whole model). */
export function loadLexicon(dir: string = defaultNluDataDir()): Lexicon {
  const loader = new Loader(dir);
  const lexicon = loader.read<Lexicon>(join(dir, 'lexicon.json'), 'lexicon.schema.json');
  if (!lexicon) throw new NluDataError(loader.problems);
  return lexicon;
}

/** Reads a JSON-lines file of `{"text","intent"}` (the held-out set, nlu:eval's --data). */
export function parseExamplesJsonl(raw: string, name = 'data'): Example[] {
  const problems: string[] = [];
  const examples: Example[] = [];
  raw.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as { text?: unknown; intent?: unknown };
      if (typeof value.text !== 'string' || typeof value.intent !== 'string') {
        problems.push(`${name}:${index + 1}: expected {"text": string, "intent": string}`);
        return;
      }
      examples.push({ text: value.text, intent: value.intent, source: `${name}:${index + 1}` });
    } catch {
      problems.push(`${name}:${index + 1}: not valid JSON`);
    }
  });
  if (problems.length > 0) throw new NluDataError(problems);
  return examples;
}
