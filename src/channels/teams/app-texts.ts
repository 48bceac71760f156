/**
 * The Teams app's words — name, description, the commands of a personal chat — kept as content in
 * dialogs/assistant.json ("teamsApp"), checked against its schema (which holds Teams' length
 * limits): the package builder writes them, it does not word them.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalizedText } from '../../shared/conversation.js';
import { fromRoot } from '../../shared/paths.js';

export interface TeamsCommandTexts {
  title: LocalizedText;
  description: LocalizedText;
}

export interface TeamsAppTexts {
  name: { short: LocalizedText; full: LocalizedText };
  /** The full description is followed by the safety rule (messages.safetyRule) in the manifest. */
  description: { short: LocalizedText; full: LocalizedText };
  commands: TeamsCommandTexts[];
}

/** Reads "teamsApp" of assistant.json once the whole file passes its schema (dialogs/schema/assistant.schema.json beside it). */
export function readTeamsAppTexts(file: string = fromRoot('dialogs', 'assistant.json')): TeamsAppTexts {
  const schema = JSON.parse(readFileSync(join(dirname(file), 'schema', 'assistant.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
    throw new Error(`${file} does not match its schema, so the Teams app cannot be worded from it:\n  - ${problems.join('\n  - ')}`);
  }
  return (data as { teamsApp: TeamsAppTexts }).teamsApp;
}
