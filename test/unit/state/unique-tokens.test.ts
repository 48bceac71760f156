import { describe, expect, it } from 'vitest';
import { createUniqueTokens } from '../../../src/state/unique-tokens.js';

describe('unique tokens (eTags, lease owners)', () => {
  it('makes tokens of the asked length, URL-safe, never twice in a row of many', () => {
    const next = createUniqueTokens(16);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const token = next();
      expect(token).toMatch(/^[A-Za-z0-9_-]{16}$/);
      seen.add(token);
    }
    expect(seen.size).toBe(10_000);
  });

  it('gives two processes (two factories) different tokens', () => {
    const a = createUniqueTokens(12);
    const b = createUniqueTokens(12);
    expect(a()).not.toBe(b());
  });

  it('refuses a length too short to hold a random part', () => {
    expect(() => createUniqueTokens(8)).toThrow(RangeError);
  });
});
