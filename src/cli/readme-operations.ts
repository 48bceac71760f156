/**
 * npm run readme:operations
 * Rewrites the README's table of backend operations from the registry (src/backend/api-schemas):
 * run it after adding or changing an operation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withOperationTable } from '../backend/api-schemas/readme-table.js';
import { fromRoot } from '../shared/paths.js';

const file = fromRoot('README.md');
try {
  const before = readFileSync(file, 'utf8');
  const after = withOperationTable(before);
  if (after === before) console.log('README.md: the operation table already matches the registry');
  else {
    writeFileSync(file, after);
    console.log('README.md: operation table rewritten from the registry');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
