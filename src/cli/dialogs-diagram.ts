/**
 * npm run dialogs:diagram [-- --out DIR]
 * Draws every procedure of dialogs/ as a Mermaid flowchart: DIR/<id>.mmd and DIR/README.md (an
 * index showing them all). Default DIR: out/diagrams. The dialogs are checked as at start-up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogDiagrams } from '../engine/diagram.js';
import { NLU_ENTITY_TYPES } from '../engine/procedures/current.js';
import { LOCAL_VALIDATORS, loadDialogs } from '../engine/index.js';
import { fromRoot } from '../shared/paths.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? fromRoot('out', 'diagrams'));

try {
  const catalog = loadDialogs({ validators: [...NLU_ENTITY_TYPES, ...Object.keys(LOCAL_VALIDATORS)] });
  const { files, index } = catalogDiagrams(catalog);
  mkdirSync(outDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(outDir, name), content);
  writeFileSync(join(outDir, 'README.md'), index);
  console.log(`${Object.keys(files).length} diagrams written to ${outDir} (index: README.md)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
