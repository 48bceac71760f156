/**
 * `npm start` builds only what is stale (scripts/build-if-stale.mjs): on an already-built tree it
 * neither compiles nor trains, so the assistant starts at once. Run on a copy of the script in a
 * scratch tree whose "tsc" and "nlu-train" only record that they ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/shared/paths.js';
import { spawnTs } from '../support/process.js';

const tree = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));
const at = (...parts: string[]) => join(tree, ...parts);
const log = at('ran.log');

function file(path: string, content = '', mtime?: Date) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  if (mtime) utimesSync(path, mtime, mtime);
}

// A stand-in that records its name, and for tsc, writes dist/cli/nlu-train.js as a real build would.
const recorder = (name: string) => `require('node:fs').appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${name}\n`)});`;
file(at('scripts', 'build-if-stale.mjs'));
copyFileSync(fromRoot('scripts', 'build-if-stale.mjs'), at('scripts', 'build-if-stale.mjs'));
file(at('node_modules', 'typescript', 'bin', 'tsc'), recorder('tsc'));
file(at('dist', 'cli', 'nlu-train.js'), recorder('nlu-train'));
file(at('dist', 'package.json'), '{"type":"commonjs"}');
file(at('node_modules', 'typescript', 'package.json'), '{"type":"commonjs"}');

const T0 = new Date('2026-01-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function start(): string[] {
  rmSync(log, { force: true });
  const result = spawnSync(process.execPath, [at('scripts', 'build-if-stale.mjs')], { cwd: tree, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

describe('npm start on a built tree', () => {
  it('compiles and trains the first time, then neither while nothing changed, and only what a change needs', () => {
    file(at('src', 'server', 'main.ts'), 'x', T0);
    file(at('tsconfig.json'), '{}', T0);
    file(at('knowledge', 'nlu', 'data.yml'), 'x', T0);
    expect(start()).toEqual(['tsc', 'nlu-train']);

    // The model the training would have written, newer than its data.
    file(at('.cache', 'nlu', 'model-abc.json'), '{}', later(1));
    utimesSync(at('dist', '.build-stamp'), later(1), later(1));
    expect(start()).toEqual([]);

    file(at('src', 'server', 'main.ts'), 'y', later(2));
    expect(start()).toEqual(['tsc']);

    file(at('knowledge', 'nlu', 'data.yml'), 'y', later(5));
    expect(start()).toEqual(['nlu-train']);
  });
});

describe('npm start in development', () => {
  it("prints the generated Direct Line secret, and the README's curl works with it", async () => {
    const p = spawnTs('src/server/main.ts', { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    try {
      const line = await p.waitFor(/Direct Line: \S+ \(development secret: [A-Za-z0-9_-]{32,}\)/, 60_000);
      const secret = /development secret: ([A-Za-z0-9_-]+)/.exec(line)![1]!;
      const listening = await p.waitFor(/"event":"server.listening"[^\n]*"port":\d+/);
      const url = `http://127.0.0.1:${/"port":(\d+)/.exec(listening)![1]}/v3/directline/conversations`;
      const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
      expect(res.status).toBe(201);
      // The secret goes to the terminal only, never into the JSON logs.
      expect(p.stdout()).not.toContain(secret);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  }, 90_000);

  it('never prints a secret given in the environment', async () => {
    const secret = 'given-secret-0123456789abcdef0123456789';
    const p = spawnTs('src/server/main.ts', { PORT: '0', HOST: '127.0.0.1', DIRECT_LINE_SECRET: secret });
    try {
      await p.waitFor(/"event":"server.listening"/, 60_000);
      expect(p.stderr() + p.stdout()).not.toContain(secret);
      expect(p.stderr()).not.toMatch(/Direct Line: .*development secret/);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });
});
