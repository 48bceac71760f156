/** `npm run chat` (src/cli/chat.ts) as a process, with piped input. */
import { describe, expect, it } from 'vitest';
import { spawnTs } from '../support/process.js';

describe('npm run chat', () => {
  it('talks to the engine with piped input and exits 0 at the end of the input', async () => {
    const p = spawnTs('src/cli/chat.ts', { NODE_ENV: 'test' });
    p.child.stdin?.end('bonjour\n');
    expect(await p.exited).toBe(0);
    const out = p.stdout();
    expect(out).toMatch(/^Tapez votre question/);
    // The welcome, then the echoed line and the engine's answer (whatever engine assemble() builds).
    expect(out).toMatch(/^Assistant : \S/m);
    expect(out).toMatch(/\nvous › bonjour\nAssistant : \S/);
    expect(out.indexOf('Assistant :')).toBeLessThan(out.indexOf('vous › bonjour'));
    expect(p.stderr()).toBe('');
  });
});
