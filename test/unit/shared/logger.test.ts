import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogDestination } from '../../../src/shared/logger.js';
import { fromRoot } from '../../../src/shared/paths.js';

/** A process that logs `count` lines to standard output (the default destination), then ends as `end` says. */
function logThenEnd(count: number, end: 'exit' | 'throw' | 'return'): { lines: string[]; status: number | null } {
  const ending = { exit: 'process.exit(3);', throw: "throw new Error('crash after logging');", return: '' }[end];
  const script = `
    import { createLogger } from './src/shared/logger.ts';
    const logger = createLogger();
    for (let i = 0; i < ${count}; i++) logger.info({ event: 'test.line', i }, 'line');
    ${ending}
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fromRoot(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { lines: run.stdout.split('\n').filter(Boolean), status: run.status };
}

describe('logger', () => {
  it('writes JSON lines with a level label and an ISO time', () => {
    const dest = createMemoryLogDestination();
    createLogger({ destination: dest }).info({ event: 'turn.done' }, 'ok');
    const line = JSON.parse(dest.lines()[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', event: 'turn.done', msg: 'ok' });
    expect(String(line.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('never writes a NIR, e-mail, phone, password or code, in fields or in the message', () => {
    const dest = createMemoryLogDestination();
    const logger = createLogger({ destination: dest, level: 'debug' });
    logger.info({ text: 'je suis 2 85 05 78 006 084 45, marie@free.fr', password: 'Azerty#123', accessCode: '123456' }, 'user said 185057800608436 and 0612345678');
    logger.child({ conversationId: 'c1' }).debug('again 1 85 05 78 006 084 36');
    logger.error({ err: new Error('bad nir 185057800608436') }, 'failure');
    const text = dest.text();
    expect(text).not.toMatch(/006 ?084|marie@free|Azerty|123456|0612345678/);
    expect(text).toContain('1 85 ** ** *** *** 36');
  });

  // Standard output is written asynchronously: what is still queued goes out when the process ends.
  it.each(['exit', 'throw', 'return'] as const)('writes every line, in order, when the process ends by %s right after logging', (end) => {
    const { lines, status } = logThenEnd(5000, end);
    expect(status).toBe(end === 'return' ? 0 : end === 'exit' ? 3 : 1);
    expect(lines).toHaveLength(5000);
    expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
