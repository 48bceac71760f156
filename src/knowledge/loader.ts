/**
 * Loads the knowledge folder: the source documents, the topics, the contract's intents and one
 * JSON file per entry. Every file is validated against its JSON Schema (ajv, allErrors), then the
 * consistency checks run; any problem stops the load with a list naming each file and JSON
 * pointer. The same loader runs at start-up and in CI (the tests load the real folder).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LOAD_TIME_CODE } from '../shared/ajv-options.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';
import { fromRoot } from '../shared/paths.js';
import { checkContent, resolveFact, type ContentProblem } from './checks.js';
import { factSources, type Entry, type EntryFile, type Fact, type IntentsFile, type SourcesFile, type Topic, type TopicsFile } from './content.js';
import { createSourceIndex, type SourceDocument, type SourceIndex } from './sources.js';

export interface KnowledgeContent {
  entries: Entry[];
  topics: Topic[];
  sources: SourceIndex;
  /** Folder the content was read from. */
  dir: string;
}

export class KnowledgeContentError extends AppError {
  readonly problems: readonly ContentProblem[];

  constructor(problems: readonly ContentProblem[]) {
    super('knowledge_invalid', `Knowledge content is invalid (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeContentError';
    this.problems = problems;
  }
}

export function formatProblem(p: ContentProblem): string {
  return `  ${p.file}#${p.pointer || '/'}: ${p.message}`;
}

export const DEFAULT_KNOWLEDGE_DIR = 'knowledge';

const INTENTS_SCHEMA = {
  type: 'object',
  required: ['intents'],
  properties: {
    intents: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['name', 'kind'], properties: { name: { type: 'string', minLength: 1 }, kind: { type: 'string' }, about: { type: 'string' } } },
    },
  },
} as const;

interface Validators {
  entry: ValidateFunction<EntryFile>;
  topics: ValidateFunction<TopicsFile>;
  sources: ValidateFunction<SourcesFile>;
  intents: ValidateFunction<IntentsFile>;
}

/** Reads, validates and checks the knowledge folder (default: <project>/knowledge). */
export function loadKnowledgeContent(options: { dir?: string } = {}): KnowledgeContent {
  const dir = options.dir ?? fromRoot(DEFAULT_KNOWLEDGE_DIR);
  const problems: ContentProblem[] = [];
  const validators = compileValidators(dir);
  const read = <T>(file: string, validate: ValidateFunction<T>): T | undefined => {
    const data = readJson(dir, file, problems);
    if (data === undefined) return undefined;
    if (validate(data)) return data;
    problems.push(...schemaProblems(file, validate.errors ?? []));
    return undefined;
  };

  const sourcesFile = read('sources/index.json', validators.sources);
  const documents = sourcesFile ? readSourceDocuments(dir, sourcesFile, problems) : [];
  const topicsFile = read('topics.json', validators.topics);
  const intentsFile = read('contract/intents.json', validators.intents);
  const entryFiles: Array<{ file: string; data: EntryFile }> = [];
  const entriesDir = join(dir, 'entries');
  const names = existsSync(entriesDir) ? readdirSync(entriesDir).filter((n) => n.endsWith('.json')).sort() : [];
  if (names.length === 0) problems.push({ file: 'entries/', pointer: '', message: 'no entry: add one JSON file per topic' });
  for (const name of names) {
    const data = read(`entries/${name}`, validators.entry);
    if (data) entryFiles.push({ file: `entries/${name}`, data });
  }

  const sources = createSourceIndex(documents);
  if (topicsFile && intentsFile) {
    problems.push(...checkContent({ entries: entryFiles, topics: { file: 'topics.json', data: topicsFile }, intents: { file: 'contract/intents.json', data: intentsFile }, sources }));
  }
  if (problems.length > 0 || !topicsFile) throw new KnowledgeContentError(problems);
  return { entries: resolveEntries(entryFiles), topics: topicsFile.topics, sources, dir };
}

function compileValidators(dir: string): Validators {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, code: LOAD_TIME_CODE });
  const schema = (name: string) => JSON.parse(readFileSync(join(dir, 'schema', name), 'utf8')) as Record<string, unknown>;
  return {
    entry: ajv.compile<EntryFile>(schema('entry.schema.json')),
    topics: ajv.compile<TopicsFile>(schema('topics.schema.json')),
    sources: ajv.compile<SourcesFile>(schema('sources.schema.json')),
    intents: ajv.compile<IntentsFile>(INTENTS_SCHEMA),
  };
}

function readJson(dir: string, file: string, problems: ContentProblem[]): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) {
    problems.push({ file, pointer: '', message: 'file not found' });
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    problems.push({ file, pointer: '', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

function readSourceDocuments(dir: string, index: SourcesFile, problems: ContentProblem[]): SourceDocument[] {
  const listed = new Set(index.sources.map((s) => s.file));
  const present = readdirSync(join(dir, 'sources')).filter((n) => n.endsWith('.txt'));
  for (const file of present) if (!listed.has(file)) problems.push({ file: 'sources/index.json', pointer: '/sources', message: `sources/${file} is not listed: add it with its title` });
  const documents: SourceDocument[] = [];
  index.sources.forEach((s, i) => {
    const path = join(dir, 'sources', s.file);
    if (!existsSync(path)) {
      problems.push({ file: 'sources/index.json', pointer: `/sources/${i}/file`, message: `sources/${s.file} not found` });
      return;
    }
    documents.push({ file: s.file, title: s.title, ...(s.date ? { date: s.date } : {}), text: readFileSync(path, 'utf8') });
  });
  return documents;
}

function schemaProblems(file: string, errors: readonly ErrorObject[]): ContentProblem[] {
  return errors
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const params = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
      if (e.keyword === 'required' && params.missingProperty) return { file, pointer: `${e.instancePath}/${params.missingProperty}`, message: 'is required' };
      if (e.keyword === 'additionalProperties' && params.additionalProperty) return { file, pointer: `${e.instancePath}/${params.additionalProperty}`, message: 'is not allowed here' };
      const allowed = params.allowedValues ? ` (${params.allowedValues.map(String).join(', ')})` : '';
      return { file, pointer: e.instancePath, message: `${e.message ?? 'is invalid'}${allowed}` };
    });
}

function resolveEntries(files: ReadonlyArray<{ file: string; data: EntryFile }>): Entry[] {
  const byId = new Map(files.map((f) => [f.data.id, f]));
  return files.map(({ file, data }) => {
    const facts = new Map<string, Fact>();
    for (const [key, definition] of Object.entries(data.facts)) {
      // The checks have verified that every reference resolves.
      const value = resolveFact(definition, byId);
      if (!value) continue;
      const definedAt = definition.kind === 'ref' ? definition.ref : `${data.id}.${key}`;
      facts.set(key, {
        key,
        definedAt,
        kind: value.kind,
        label: value.label,
        text: value.text,
        isKey: definition.key ?? value.key ?? false,
        amounts: value.amounts ?? [],
        ...(value.phone ? { phone: value.phone } : {}),
        ...(value.url ? { url: value.url } : {}),
        ...(value.items ? { items: value.items } : {}),
        sources: factSources(value),
      });
    }
    return {
      id: data.id,
      file,
      topic: data.topic,
      kind: data.kind,
      intents: data.intents,
      priority: data.priority,
      shortcuts: data.shortcuts ?? [],
      content: data.content,
      facts,
      related: data.related,
      sources: data.sources,
    };
  });
}
