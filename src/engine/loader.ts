/**
 * Loads dialogs/: assistant.json (the assistant's own copy) and one file per procedure. Each file
 * is validated against its JSON Schema (ajv, allErrors), then every cross-reference is resolved:
 * step ids, intents, validators, backend operations and their outcomes, sub-dialogs, facts of the
 * knowledge base, slots used in copy, password-rule labels. A problem names the file and the JSON
 * pointer, and all problems are reported at once.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LOAD_TIME_CODE } from '../shared/ajv-options.js';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { AppError } from '../shared/errors.js';
import { fromRoot } from '../shared/paths.js';
import type { AssistantCopy, Procedure } from './definitions.js';
import { checkAssistant } from './dialog-checks/assistant.js';
import { checkProcedure } from './dialog-checks/procedure.js';
import { makeTextChecker } from './dialog-checks/texts.js';

export interface DialogCatalog {
  assistant: AssistantCopy;
  procedures: ReadonlyMap<string, Procedure>;
  /** The procedure an intent (or a finer child "<intent>.<detail>") starts, if any. */
  procedureForIntent(intent: string): Procedure | undefined;
  /** Files as loaded, relative to the project root (for diagrams and messages). */
  files: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  /** Folder holding assistant.json, the procedures and schema/ (default: <root>/dialogs). */
  dir?: string;
  /** Names of the validators the engine has (NLU entities and engine ones). */
  validators: Iterable<string>;
  /** The intents the NLU knows; when given, every intent named in a file must be one of them. */
  intents?: Iterable<string>;
  /** Tells whether a fact reference exists; when given, every {{fact:…}} is checked. */
  hasFact?: (ref: string) => boolean;
}

export class DialogLoadError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('dialogs_invalid', `dialogs/ has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'DialogLoadError';
    this.problems = problems;
  }
}

interface Problem {
  file: string;
  pointer: string;
  message: string;
}

function compile(ajv: Ajv, file: string): ValidateFunction {
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

function describeAjvError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown property "${String(params.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing property "${String(params.missingProperty)}"`;
  if (e.keyword === 'enum') return `${e.message ?? 'invalid'}: ${(params.allowedValues as unknown[]).join(', ')}`;
  if (e.keyword === 'discriminator') return `unknown step type (${e.message ?? ''})`;
  return e.message ?? 'invalid';
}

export function loadDialogs(options: LoadOptions): DialogCatalog {
  const dir = options.dir ?? fromRoot('dialogs');
  // Files are named from the folder above dialogs/ ("dialogs/password-reset.json").
  const rel = (f: string) => relative(dirname(dir), f) || f;
  const problems: Problem[] = [];
  const add = (file: string, pointer: string, message: string) => problems.push({ file, pointer, message });

  const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true, code: LOAD_TIME_CODE });
  const validateProcedure = compile(ajv, join(dir, 'schema', 'procedure.schema.json'));
  const validateAssistant = compile(ajv, join(dir, 'schema', 'assistant.schema.json'));

  const read = (file: string, validate: ValidateFunction): unknown => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      add(rel(file), '', `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (!validate(data)) {
      for (const e of validate.errors ?? []) add(rel(file), e.instancePath, describeAjvError(e));
      return undefined;
    }
    return data;
  };

  const assistantFile = join(dir, 'assistant.json');
  const assistant = read(assistantFile, validateAssistant) as AssistantCopy | undefined;
  const procedures = new Map<string, Procedure>();
  const files = new Map<string, string>();
  const procedureFiles = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'assistant.json')
    .sort();
  for (const name of procedureFiles) {
    const file = join(dir, name);
    const procedure = read(file, validateProcedure) as Procedure | undefined;
    if (!procedure) continue;
    if (basename(name, '.json') !== procedure.id) add(rel(file), '/id', `the id "${procedure.id}" must match the file name "${name}"`);
    if (procedures.has(procedure.id)) add(rel(file), '/id', `duplicate procedure id "${procedure.id}"`);
    procedures.set(procedure.id, procedure);
    files.set(procedure.id, rel(file));
  }

  const validators = new Set(options.validators);
  const intents = options.intents ? new Set(options.intents) : undefined;
  const checkTexts = makeTextChecker(add, options.hasFact, assistant);

  if (assistant) checkAssistant(assistant, rel(assistantFile), add, intents, checkTexts);
  const intentOwner = new Map<string, string>();
  for (const procedure of procedures.values()) {
    const file = files.get(procedure.id) ?? procedure.id;
    checkProcedure(procedure, file, { add, procedures, validators, intents, assistant, checkTexts });
    if ((procedure.kind ?? 'procedure') === 'procedure') {
      procedure.intents.forEach((intent, i) => {
        const owner = intentOwner.get(intent);
        if (owner) add(file, `/intents/${i}`, `intent "${intent}" already starts the procedure "${owner}"`);
        intentOwner.set(intent, procedure.id);
      });
    } else if (procedure.intents.length > 0) {
      add(file, '/intents', 'a subdialog is only run by a `sub` step: it starts on no intent');
    }
  }

  if (problems.length > 0 || !assistant) {
    throw new DialogLoadError(problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`));
  }

  return {
    assistant,
    procedures,
    files,
    procedureForIntent(intent) {
      for (let name = intent; name; name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '') {
        const id = intentOwner.get(name);
        if (id) return procedures.get(id);
      }
      return undefined;
    },
  };
}
