/**
 * The README's table of backend operations ("Simulated backend"), drawn from the registry so that
 * adding an operation never means writing its row by hand: `npm run readme:operations` rewrites
 * the table, and test/content/simulator-readme.test.ts fails when it is out of date.
 */
import { OPERATIONS } from './operations.js';

export const OPERATION_TABLE_HEADER = '| Operation | Route | Refusals | Changes state |';

/** One row per operation, in the registry's order. */
export function operationTableRows(): string[] {
  return OPERATIONS.map((op) => `| \`${op.name}\` | \`${op.method} ${op.path}\` | ${op.errors.length > 0 ? op.errors.join(', ') : '—'} | ${op.stateChanging ? 'yes' : 'no'} |`);
}

/**
 * The README with its operation table (the rows between the header's separator line and the next
 * blank line) replaced by the registry's. Everything else is kept as is.
 */
export function withOperationTable(readme: string): string {
  const lines = readme.split('\n');
  const header = lines.indexOf(OPERATION_TABLE_HEADER);
  if (header < 0) throw new Error(`README has no operation table: its header line must read "${OPERATION_TABLE_HEADER}"`);
  const firstRow = header + 2;
  const blank = lines.indexOf('', firstRow);
  const end = blank < 0 ? lines.length : blank;
  return [...lines.slice(0, firstRow), ...operationTableRows(), ...lines.slice(end)].join('\n');
}
