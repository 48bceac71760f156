import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../../src/backend/api-schemas/index.js';
import { defaultPersons } from '../../../../src/backend/simulator/index.js';
import { fromRoot } from '../../../../src/shared/paths.js';

const readme = readFileSync(fromRoot('README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Simulated backend'));

describe('README, "Simulated backend"', () => {
  it('lists every listed persona with its NIR', () => {
    for (const p of defaultPersons(new Date()).filter((x) => x.listed)) {
      expect(section, p.id).toMatch(new RegExp(`\\| \`${p.id}\` \\| ${p.firstName} ${p.lastName} \\| \`${p.nir}\` \\|`));
    }
  });

  it('lists every operation with its route and refusals', () => {
    for (const op of OPERATIONS) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${op.name}\` |`));
      expect(row, op.name).toBeDefined();
      expect(row).toContain(`${op.method} ${op.path.replace(':enrolmentId', ':id')}`);
      for (const code of op.errors) expect(row, `${op.name} ${code}`).toContain(code);
    }
  });
});
