/**
 * Small modules, one responsibility (issue 13, item 8): no source file under src/ is over 400
 * lines. A file that grows past it is split by responsibility, not by line count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/shared/paths.js';

const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Lines as an editor counts them: a final newline ends the last line, it does not start one. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

describe('source file size', () => {
  it('counts lines as an editor does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb\n')).toBe(2);
  });

  it(`keeps every src/**/*.ts at ${MAX_LINES} lines or fewer`, () => {
    const files = sourceFiles(fromRoot('src'));
    expect(files.length).toBeGreaterThan(50);
    const tooLong = files
      .map((file) => ({ file: relative(fromRoot(), file), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines (split it by responsibility)`);
    expect(tooLong).toEqual([]);
  });
});
