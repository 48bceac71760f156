import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogDiagrams, procedureDiagram } from '../../../src/engine/diagram.js';
import { fromRoot } from '../../../src/shared/paths.js';
import { catalogForFakes } from '../../support/engine-with-fakes.js';

describe('procedure diagrams', () => {
  it('draws every step with its shape and every way out with its label', () => {
    const procedure = catalogForFakes().procedures.get('password-reset')!;
    const mmd = procedureDiagram(procedure);
    expect(mmd.startsWith('flowchart TD\n')).toBe(true);
    for (const id of Object.keys(procedure.steps)) expect(mmd).toContain(`s_${id}`);
    expect(mmd).toContain('s_nir[/"nir<br/>❓ Quel est votre numéro de sécurité sociale ?');
    expect(mmd).toContain('s_send{{"send<br/>⚙ requestPasswordReset"}}');
    expect(mmd).toContain('s_send -->|"identity_mismatch"| s_mismatch');
    expect(mmd).toContain('s_after_sent -->|"Le lien ne marche plus"| s_link_broken_after');
    expect(mmd).toContain('valable que [password-reset.link_validity]');
  });

  it('marks secret questions and escapes quotes', () => {
    const mmd = procedureDiagram(catalogForFakes().procedures.get('mes-activate')!);
    expect(mmd).toMatch(/s_password\[\/"password<br\/>❓ Choisissez votre mot de passe.*🔒"\/\]/);
    expect(mmd).not.toMatch(/[^#]quot;/);
  });

  it('indexes all procedures in one Markdown page', () => {
    const { files, index } = catalogDiagrams(catalogForFakes());
    expect(Object.keys(files)).toHaveLength(catalogForFakes().procedures.size);
    expect(index.match(/```mermaid/g)).toHaveLength(catalogForFakes().procedures.size);
    expect(index).toContain('## activer Mon espace santé (`mes-activate`)');
  });

  it('is written by npm run dialogs:diagram', () => {
    const out = mkdtempSync(join(tmpdir(), 'diagrams-'));
    const printed = execFileSync(process.execPath, ['--import', 'tsx', fromRoot('src/cli/dialogs-diagram.ts'), '--out', out], { encoding: 'utf8' });
    expect(printed).toMatch(new RegExp(`${catalogForFakes().procedures.size} diagrams written`));
    expect(readdirSync(out).sort()).toContain('README.md');
    expect(readFileSync(join(out, 'mes-close.mmd'), 'utf8')).toContain('s_close{{"close<br/>⚙ mesClose"}}');
  });
});
