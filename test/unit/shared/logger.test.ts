import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogDestination } from '../../../src/shared/logger.js';

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
});
