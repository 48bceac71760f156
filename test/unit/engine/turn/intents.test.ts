import { describe, expect, it } from 'vitest';
import { controlOf, isIntent, wordCount } from '../../../../src/engine/turn/intents.js';

describe('turn stage helpers: intent names', () => {
  it('counts a finer intent as its parent, and only its parent', () => {
    expect(isIntent('mes.info.data_protection', 'mes.info')).toBe(true);
    expect(isIntent('mes.info', 'mes.info')).toBe(true);
    expect(isIntent('mes.information', 'mes.info')).toBe(false);
  });

  it('tells the intents that steer the conversation from topics', () => {
    expect(controlOf('handoff.agent')).toBe('handoff.agent');
    expect(controlOf('cancel')).toBe('cancel');
    expect(controlOf('account.password_reset')).toBeUndefined();
  });

  it('counts words that hold a letter or a digit, not punctuation', () => {
    expect(wordCount('  oui , 12 / ok ! ')).toBe(3);
    expect(wordCount('')).toBe(0);
  });
});
