import { describe, expect, it } from 'vitest';
import { createMemo, memoize } from '../../../src/shared/memo.js';

describe('memo', () => {
  it('remembers values and forgets the least recently used beyond its size', () => {
    const memo = createMemo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    expect(memo.get('a')).toBe(1); // "a" is now the most recently used
    memo.set('c', 3);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBe(1);
    expect(memo.get('c')).toBe(3);
    expect(memo.size).toBe(2);
  });

  it('replaces the value of a key set again without growing', () => {
    const memo = createMemo<string>(3);
    memo.set('k', 'old');
    memo.set('k', 'new');
    expect(memo.get('k')).toBe('new');
    expect(memo.size).toBe(1);
  });

  it('refuses a size below one', () => {
    expect(() => createMemo(0)).toThrow(RangeError);
  });

  it('memoize computes once per key while the key is remembered, and again once forgotten', () => {
    const calls: string[] = [];
    const length = memoize(2, (text) => {
      calls.push(text);
      return text.length;
    });
    expect(length('oui')).toBe(3);
    expect(length('oui')).toBe(3);
    expect(length('merci')).toBe(5);
    expect(calls).toEqual(['oui', 'merci']);
    length('non'); // forgets "oui"
    expect(length('oui')).toBe(3);
    expect(calls).toEqual(['oui', 'merci', 'non', 'oui']);
  });
});
