/**
 * Dialog copy states no figure that the sources don't: every duration, length, size and phone
 * number in dialogs/*.json is either in a source document, a {{fact:…}} of the knowledge base, or a
 * format figure allowed here on purpose (what the validators check, not a fact to tell).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Amount } from '../../src/knowledge/index.js';
import { fromRoot } from '../../src/shared/paths.js';
import { realKnowledgeBase } from '../support/knowledge.js';

/** Formats the dialogs explain when an answer is malformed (the NLU's validators check them). */
const FORMAT_FIGURES: Amount[] = [
  { value: 13, unit: 'digit' }, // a NIR without its key, as the compte ameli login asks
  { value: 2, unit: 'digit' }, // the key of a NIR
  { value: 5, unit: 'digit' }, // a French postal code
  { value: 6, unit: 'digit' }, // the one-time access code as the screens show it ("Ex: 034567")
  { value: 50, unit: 'character' }, // compte ameli password length bound chosen by the simulator (README)
];

function strings(value: unknown, path: string, out: Array<{ path: string; text: string }>): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'description' && k !== '$schema') strings(v, `${path}/${k}`, out);
  }
}

describe('dialog copy', () => {
  const kb = realKnowledgeBase();
  const dir = fromRoot('dialogs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has procedure files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('states only figures the sources state, or allowed formats (%s)', (file) => {
    const texts: Array<{ path: string; text: string }> = [];
    strings(JSON.parse(readFileSync(join(dir, file), 'utf8')), '', texts);
    const problems = texts.flatMap(({ path, text }) => kb.checkCopy(text, { allow: FORMAT_FIGURES }).map((p) => `${file}#${path}: ${p.message}`));
    expect(problems).toEqual([]);
  });

  it('catches a planted figure', () => {
    expect(kb.checkCopy('Le code est valable 24 heures. Appelez le 3647.', { allow: FORMAT_FIGURES })).not.toEqual([]);
  });
});
