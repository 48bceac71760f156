/**
 * `npm run bench`: runs every benchmark script of this folder (any *.ts but this one and files
 * starting with "_"), one after the other, each in its own process, and fails if one fails. New
 * benchmarks are picked up without editing this file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== self && !name.startsWith('_') && !name.endsWith('.d.ts'))
  .sort();

const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n=== ${script}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, script), ...process.argv.slice(2)], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) console.log(`=== ${script}: ok (${seconds} s)`);
  else {
    console.log(`=== ${script}: FAILED (exit ${result.status ?? result.signal}, ${seconds} s)`);
    failed.push(script);
  }
}

console.log(`\n${scripts.length - failed.length}/${scripts.length} benchmarks passed${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length === 0 ? 0 : 1);
