/**
 * Reads knowledge/coverage/excluded.json (validated by knowledge/schema/coverage.schema.json) and
 * maps the coverage of the sources by the loaded knowledge content.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeContent } from '../loader.js';
import { mapCoverage, quotedPassages, type CoverageFile, type CoverageReport } from './coverage.js';

export const COVERAGE_FILE = 'coverage/excluded.json';

export class CoverageFileError extends Error {}

export function loadExclusions(dir: string): CoverageFile {
  const schema = JSON.parse(readFileSync(join(dir, 'schema', 'coverage.schema.json'), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: true }).compile<CoverageFile>(schema);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(dir, COVERAGE_FILE), 'utf8'));
  } catch (error) {
    throw new CoverageFileError(`${COVERAGE_FILE}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!validate(data)) {
    throw new CoverageFileError((validate.errors ?? []).map((e) => `${COVERAGE_FILE}#${e.instancePath || '/'}: ${e.message ?? 'is invalid'}`).join('\n'));
  }
  return data;
}

export function coverageOf(content: KnowledgeContent, exclusions: CoverageFile = loadExclusions(content.dir)): CoverageReport {
  return mapCoverage([...content.sources.documents.values()], quotedPassages(content.entries), exclusions.excluded);
}
