import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_DOCS, envSchema } from '../../src/config/schema.js';
import { fromRoot } from '../../src/shared/paths.js';

describe('configuration documentation', () => {
  const names = Object.keys(envSchema.properties as Record<string, unknown>);

  it('documents every variable of the schema', () => {
    expect(ENV_DOCS.map((d) => d.name).sort()).toEqual([...names].sort());
  });

  it('lists every variable in .env.example and in the README', () => {
    const example = readFileSync(fromRoot('.env.example'), 'utf8');
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    for (const name of names) {
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
    }
  });
});
