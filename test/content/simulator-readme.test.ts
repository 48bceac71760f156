import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATION_TABLE_HEADER, operationTableRows, withOperationTable } from '../../src/backend/api-schemas/readme-table.js';
import { defaultPersons } from '../../src/backend/simulator/index.js';
import { fromRoot } from '../../src/shared/paths.js';

const readme = readFileSync(fromRoot('README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Simulated backend'));

describe('README, "Simulated backend"', () => {
  it('lists every listed persona with its NIR', () => {
    for (const p of defaultPersons(new Date()).filter((x) => x.listed)) {
      expect(section, p.id).toMatch(new RegExp(`\\| \`${p.id}\` \\| ${p.firstName} ${p.lastName} \\| \`${p.nir}\` \\|`));
    }
  });

  it('shows the operation table of the registry, row for row (npm run readme:operations rewrites it)', () => {
    const lines = section.split('\n');
    const header = lines.indexOf(OPERATION_TABLE_HEADER);
    expect(header, 'the operation table header').toBeGreaterThan(0);
    const rows = lines.slice(header + 2, lines.indexOf('', header));
    expect(rows.join('\n')).toBe(operationTableRows().join('\n'));
  });
});

describe('the README operation table, drawn from the registry', () => {
  const table = (rows: string[]) => ['# Doc', '', OPERATION_TABLE_HEADER, '|---|---|---|---|', ...rows, '', 'After the table.'].join('\n');

  it('replaces stale rows with one row per operation and keeps the text around it', () => {
    const rewritten = withOperationTable(table(['| `gone` | `GET /gone` | — | no |']));
    expect(rewritten).toBe(table(operationTableRows()));
    expect(rewritten).not.toContain('`gone`');
    expect(operationTableRows()).toContain('| `resetLinkStatus` | `GET /ameli/password-resets/:token` | — | no |');
  });

  it('leaves an up-to-date README as it is', () => {
    expect(withOperationTable(readme)).toBe(readme);
  });

  it('names the header it looks for when the README has no table', () => {
    expect(() => withOperationTable('# Doc\n')).toThrow(/\| Operation \| Route \| Refusals \| Changes state \|/);
  });
});
