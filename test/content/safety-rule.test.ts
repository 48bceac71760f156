/**
 * The one safety rule (dialogs/assistant.json, "safetyRule") must stay true of the procedures:
 * it says the assistant asks a code or a password only during a Mon espace santé procedure, and
 * never the compte ameli password. A procedure that starts asking another secret fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSafetyRule } from '../../src/channels/shared/safety-rule.js';
import { fromRoot } from '../../src/shared/paths.js';

/** Every step marked secret in the dialogs, with its procedure and the entity it reads. */
function secretSteps(): Array<{ file: string; entity: string }> {
  const found: Array<{ file: string; entity: string }> = [];
  const walk = (node: unknown, file: string) => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, file));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.secret === true) found.push({ file, entity: typeof record.entity === 'string' ? record.entity : '?' });
      Object.values(record).forEach((v) => walk(v, file));
    }
  };
  for (const file of readdirSync(fromRoot('dialogs')).filter((f) => f.endsWith('.json'))) walk(JSON.parse(readFileSync(fromRoot('dialogs', file), 'utf8')), file);
  return found;
}

describe('the safety rule', () => {
  const rule = readSafetyRule();

  it('says when codes and passwords are asked and what is never asked, in French and English', () => {
    expect(rule.fr).toMatch(/seulement pendant une démarche Mon espace santé/);
    expect(rule.fr).toMatch(/ne vous demande jamais le mot de passe de votre compte ameli/);
    expect(rule.en).toMatch(/only during a Mon espace santé procedure/);
  });

  it('holds for every procedure: secrets are asked only in Mon espace santé procedures', () => {
    const steps = secretSteps();
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step.file, `${step.file} asks a secret (${step.entity}) outside Mon espace santé: update the safety rule`).toMatch(/^mes-/);
  });
});
