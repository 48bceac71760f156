/**
 * The architecture picture in README.md and docs/architecture.mmd is drawn from the code by
 * `npm run architecture` (scripts/architecture.mjs): it must match the code as committed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/shared/paths.js';

const SCRIPT = fromRoot('scripts', 'architecture.mjs');
const dir = mkdtempSync(join(tmpdir(), 'architecture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, '--check', ...args], { cwd: fromRoot(), encoding: 'utf8' });
}

describe('architecture picture', () => {
  it('in README.md and docs/architecture.mmd is the one the code draws today', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('is refused when an arrow is missing from the committed copies', () => {
    const picture = readFileSync(fromRoot('docs', 'architecture.mmd'), 'utf8');
    const arrow = picture.split('\n').find((line) => line.includes('-->'));
    expect(arrow).toBeDefined();
    const stalePicture = picture.replace(`${arrow}\n`, '');
    const staleReadme = readFileSync(fromRoot('README.md'), 'utf8').replace(`${arrow}\n`, '');
    writeFileSync(join(dir, 'architecture.mmd'), stalePicture);
    writeFileSync(join(dir, 'README.md'), staleReadme);
    const result = check(`--picture=${join(dir, 'architecture.mmd')}`, `--readme=${join(dir, 'README.md')}`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run npm run architecture');
  }, 60_000);
});
