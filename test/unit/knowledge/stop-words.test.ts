import { describe, expect, it } from 'vitest';
import { CONSOLE_STOP_WORDS, FAQ_STOP_WORDS, RETRIEVAL_STOP_WORDS, STOP_WORDS, stopWordsAsRead } from '../../../src/knowledge/stop-words.js';

describe('stop words', () => {
  it('each search drops a part of the one list, and keeps the words it names', () => {
    for (const selection of [RETRIEVAL_STOP_WORDS, FAQ_STOP_WORDS, CONSOLE_STOP_WORDS]) {
      expect([...selection].filter((w) => !STOP_WORDS.has(w))).toEqual([]);
    }
    expect(RETRIEVAL_STOP_WORDS.has('peut')).toBe(false);
    expect(FAQ_STOP_WORDS.has('pas')).toBe(false);
    expect(CONSOLE_STOP_WORDS.has('mes')).toBe(false);
    expect(RETRIEVAL_STOP_WORDS.has('mes')).toBe(true);
    expect(FAQ_STOP_WORDS.has('le')).toBe(true);
  });

  it('adds the words as the reader returns them, except a word it expands into several', () => {
    const read = (text: string) => (text === 'mes' ? ['mon', 'espace', 'sante'] : [`${text}~`]);
    const stops = stopWordsAsRead(read, new Set(['le', 'mes']))('fr');
    expect([...stops].sort()).toEqual(['le', 'le~', 'mes']);
  });
});
