import { describe, expect, it } from 'vitest';
import { correctEarlierAnswer } from '../../../../src/engine/turn/correction.js';
import { atStep, parsedContext, texts } from '../../../support/turn-stage.js';

describe('turn stage: the correction of an earlier answer', () => {
  it('replaces an answer not sent yet, says so, and asks the waiting question again', () => {
    const ctx = parsedContext("non attendez, c'est le 19/06/1987", { state: atStep('password-reset', 'birth', { nir: '185057800608436', birthDate: '1985-03-12' }) });
    // The birth date is the waiting step's own answer: no correction of an earlier one.
    expect(correctEarlierAnswer(ctx, ctx.current!)).toBe(false);

    const atBirth = parsedContext('non pardon 1 79 03 75 056 234 45', { state: atStep('password-reset', 'birth', { nir: '185057800608436' }) });
    expect(correctEarlierAnswer(atBirth, atBirth.current!)).toBe(true);
    expect(atBirth.state.slots.nir).toBe('179037505623445');
    expect(texts(atBirth)[0]).toMatch(/^C'est noté, j'ai corrigé/);
    expect(texts(atBirth).join('\n')).toMatch(/date de naissance/);
  });

  it('tells how to start over when the earlier answer was already sent to the backend', () => {
    const ctx = parsedContext('non pardon 1 79 03 75 056 234 45', { state: { ...atStep('password-reset', 'birth', { nir: '185057800608436' }), sent: ['nir'] } });
    expect(correctEarlierAnswer(ctx, ctx.current!)).toBe(true);
    expect(ctx.state.slots.nir).toBe('185057800608436');
    expect(texts(ctx)[0]).toMatch(/^J'ai déjà vérifié/);
  });

  it('leaves a message without a value of an answered kind to the other stages', () => {
    const ctx = parsedContext('non attendez', { state: atStep('password-reset', 'birth', { nir: '185057800608436' }) });
    expect(correctEarlierAnswer(ctx, ctx.current!)).toBe(false);
    expect(ctx.replies).toEqual([]);
  });
});
