import { describe, expect, it } from 'vitest';
import { inProcedure } from '../../../../src/engine/turn/in-procedure.js';
import { atStep, parsedContext, texts } from '../../../support/turn-stage.js';

const NIR = '1 85 05 78 006 084 91';

describe('turn stage: a message while a procedure waits for an answer', () => {
  it('takes the answer to the step and asks the next question', async () => {
    const ctx = parsedContext(NIR, { state: atStep('password-reset', 'nir') });
    await inProcedure(ctx, ctx.current!);
    expect(ctx.state.slots.nir).toBe('185057800608491');
    expect(ctx.state.stack[0]!.step).toBe('birth');
    expect(texts(ctx).join('\n')).toMatch(/date de naissance/);
  });

  it('says what is wrong with an answer it cannot take, asks again, and counts the failure', async () => {
    // The key does not match the rest of the number.
    const ctx = parsedContext('1 85 05 78 006 084 36', { state: atStep('password-reset', 'nir') });
    await inProcedure(ctx, ctx.current!);
    expect(ctx.state.slots.nir).toBeUndefined();
    expect(ctx.state.stack[0]).toMatchObject({ step: 'nir', failures: 1 });
    expect(texts(ctx)).toEqual([expect.stringMatching(/^La clé \(les 2 derniers chiffres\) ne correspond pas/), 'Quel est votre numéro de sécurité sociale ?']);
  });

  it("answers a side question from the knowledge base, then comes back to the step's question", async () => {
    const ctx = parsedContext("c'est quoi mon espace santé ?", { state: atStep('password-reset', 'nir') });
    ctx.act = { kind: 'question' };
    await inProcedure(ctx, ctx.current!);
    expect(texts(ctx)[0]).toBe("[KB mes-info] Qu'est-ce que Mon espace santé ?");
    expect(ctx.state.stack[0]!.step).toBe('nir');
    expect(ctx.state.pending).toBeUndefined();
  });
});
