import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../../src/backend/api-schemas/index.js';
import { defaultPersons } from '../../../../src/backend/simulator/index.js';
import { fromRoot } from '../../../../src/shared/paths.js';

const readme = readFileSync(fromRoot('README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Simulated backend'));

/** The operation table as the registry says it should read. */
function operationRows(): string[] {
  return OPERATIONS.map((op) => `| \`${op.name}\` | \`${op.method} ${op.path}\` | ${op.errors.length > 0 ? op.errors.join(', ') : '—'} | ${op.stateChanging ? 'yes' : 'no'} |`);
}

describe('README, "Simulated backend"', () => {
  it('lists every listed persona with its NIR', () => {
    for (const p of defaultPersons(new Date()).filter((x) => x.listed)) {
      expect(section, p.id).toMatch(new RegExp(`\\| \`${p.id}\` \\| ${p.firstName} ${p.lastName} \\| \`${p.nir}\` \\|`));
    }
  });

  it('shows the operation table of the registry, row for row (copy the expected rows on a failure)', () => {
    const lines = section.split('\n');
    const header = lines.indexOf('| Operation | Route | Refusals | Changes state |');
    expect(header, 'the operation table header').toBeGreaterThan(0);
    const rows = lines.slice(header + 2, lines.indexOf('', header));
    expect(rows.join('\n')).toBe(operationRows().join('\n'));
  });
});
