import { describe, expect, it } from 'vitest';
import { answerQuestion, answerSimpler, questionText } from '../../../../src/engine/turn/answer.js';
import { parsedContext, texts } from '../../../support/turn-stage.js';

describe('turn stage: the knowledge answer', () => {
  it("gives the topic's answer and remembers it, with the feedback question when asked for", () => {
    const ctx = parsedContext("c'est quoi mon espace santé");
    expect(answerQuestion(ctx, { topic: 'mes.info', feedback: true })).toBe(true);
    expect(texts(ctx)).toEqual(["[KB mes-info] Qu'est-ce que Mon espace santé ?", 'Cette réponse vous a-t-elle aidé ?']);
    expect(ctx.state.lastAnswer).toEqual({ entryId: 'mes-info' });
    expect(ctx.state.pending).toEqual({ kind: 'feedback', entryId: 'mes-info' });
  });

  it('asks nothing after an answer given during a procedure', () => {
    const ctx = parsedContext("c'est quoi mon espace santé");
    expect(answerQuestion(ctx, { topic: 'mes.info', feedback: false, during: 'mes-activate' })).toBe(true);
    expect(texts(ctx)).toEqual(["[KB mes-info] Qu'est-ce que Mon espace santé ?"]);
    expect(ctx.state.pending).toBeUndefined();
  });

  it('has nothing to say for a topic without an entry', () => {
    const ctx = parsedContext('xyzzy');
    expect(answerQuestion(ctx, { topic: 'weather.today', feedback: true })).toBe(false);
    expect(ctx.replies).toEqual([]);
  });

  it('says the last answer again in easy-to-read words, and nothing when there was none', () => {
    const none = parsedContext('plus simplement');
    expect(answerSimpler(none)).toBe(false);
    const ctx = parsedContext('plus simplement', { state: { lastAnswer: { entryId: 'mes-info' } } });
    expect(answerSimpler(ctx)).toBe(true);
    expect(texts(ctx)).toEqual(["[KB mes-info] Qu'est-ce que Mon espace santé ?"]);
  });

  it('reads the question from the focus sentence of a long message', () => {
    const ctx = parsedContext('Bonjour. Le lien est valable combien de temps ? Merci.');
    ctx.parse = { ...ctx.parse, focus: { start: 9, end: 47 } };
    expect(questionText(ctx)).toBe('Le lien est valable combien de temps ?');
  });
});
