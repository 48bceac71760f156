import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The project's root (the folder holding package.json), found from this file so that it works the
 * same from `src/` (tsx, vitest) and from the compiled `dist/`.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isOurPackage(join(dir, 'package.json'))) {
      cached = dir;
      return dir;
    }
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('projectRoot: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function fromRoot(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}

function isOurPackage(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'ameli-assistant';
  } catch {
    return false;
  }
}
