import { describe, expect, it } from 'vitest';
import { answerPending } from '../../../../src/engine/turn/pending.js';
import { parsedContext, texts } from '../../../support/turn-stage.js';

describe('turn stage: the pending question', () => {
  it('passes when no question is pending', async () => {
    const ctx = parsedContext('oui');
    expect(await answerPending(ctx)).toBe(false);
    expect(ctx.replies).toEqual([]);
  });

  it('gives the answer to the module that asked: "oui" to "did it help?" is counted and thanked', async () => {
    const ctx = parsedContext('oui', { state: { pending: { kind: 'feedback', entryId: 'mes-info' } } });
    expect(await answerPending(ctx)).toBe(true);
    expect(ctx.effects).toEqual([{ kind: 'feedback', entryId: 'mes-info', helpful: true }]);
    expect(texts(ctx)[0]).toMatch(/^Merci pour votre retour/);
    expect(ctx.state.pending).toBeUndefined();
  });

  it('drops the question when the message does not answer it, and lets the turn go on', async () => {
    const ctx = parsedContext("j'ai oublié mon mot de passe", { state: { pending: { kind: 'feedback', entryId: 'mes-info' } } });
    expect(await answerPending(ctx)).toBe(false);
    expect(ctx.state.pending).toBeUndefined();
    expect(ctx.effects).toEqual([]);
  });

  it('counts a thanks that comes with a question, says nothing of it, and lets the question be answered', async () => {
    const ctx = parsedContext("ah d'accord merci, et le numéro normal en France c'est lequel ?", { state: { pending: { kind: 'feedback', entryId: 'contacts' } } });
    // As the NLU reads it against "did it help?": a yes, in a message that asks more.
    ctx.parse = { ...ctx.parse, intent: { name: 'affirm', confidence: 1 }, answerOnly: false };
    ctx.act = { kind: 'question' };
    expect(await answerPending(ctx)).toBe(false);
    expect(ctx.effects).toEqual([{ kind: 'feedback', entryId: 'contacts', helpful: true }]);
    expect(ctx.replies).toEqual([]);
    // Read again for what waits now (nothing): no longer the yes of the question dropped.
    expect(ctx.parse.intent.name).not.toBe('affirm');
  });
});
