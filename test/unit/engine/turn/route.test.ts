import { describe, expect, it } from 'vitest';
import { route } from '../../../../src/engine/turn/route.js';
import { parsedContext, texts } from '../../../support/turn-stage.js';

describe('turn stage: route (outside procedures)', () => {
  it('greets back with what the assistant can do', async () => {
    const ctx = parsedContext('bonjour');
    await route(ctx);
    expect(texts(ctx)).toEqual(['Bonjour ! Que puis-je faire pour vous ?']);
    expect(ctx.replies[0]!.suggestedActions!.length).toBeGreaterThan(0);
  });

  it('starts the procedure a request names', async () => {
    const ctx = parsedContext("j'ai oublié mon mot de passe");
    ctx.act = { kind: 'request' };
    await route(ctx);
    expect(ctx.state.stack.map((f) => f.procedure)).toEqual(['password-reset']);
    expect(ctx.replies.length).toBeGreaterThan(0);
  });

  it("answers a knowledge topic with the knowledge base's answer, then asks whether it helped", async () => {
    const ctx = parsedContext("c'est quoi mon espace santé");
    await route(ctx);
    expect(texts(ctx)).toEqual(["[KB mes-info] Qu'est-ce que Mon espace santé ?", 'Cette réponse vous a-t-elle aidé ?']);
    expect(ctx.state).toMatchObject({ topic: 'mes.info', lastAnswer: { entryId: 'mes-info' }, pending: { kind: 'feedback', entryId: 'mes-info' } });
  });

  it('says it did not understand, and counts it', async () => {
    const ctx = parsedContext('xyzzy');
    await route(ctx);
    expect(ctx.state.misunderstood).toBe(1);
    expect(ctx.replies).toHaveLength(1);
  });
});
