import { describe, expect, it } from 'vitest';
import { helplineFor, helplineText, requestAdvisor, subjectOf } from '../../../../src/engine/turn/advisor.js';
import { atStep, parsedContext, stageServices } from '../../../support/turn-stage.js';

describe('turn stage: an advisor', () => {
  it("gives the procedure's helpline, else the one of the topic", () => {
    const ctx = parsedContext('conseiller', { state: { topic: 'mes.info' } });
    expect(helplineFor(ctx)).toBe('mes');
    expect(helplineText(ctx)).toBe('le 3422 (service gratuit + prix appel)');
    const general = parsedContext('conseiller');
    expect(helplineFor(general)).toBe('ameli');
    expect(helplineFor(general, general.services.catalog.procedures.get('mes-activate'))).toBe('mes');
  });

  it('names a topic in words, never by its id', () => {
    const ctx = parsedContext('conseiller');
    expect(subjectOf(ctx, 'password-reset')).toMatch(/mot de passe/);
    expect(subjectOf(ctx, 'mes.documents')).toBe('Les documents dans Mon espace santé');
    expect(subjectOf(ctx, 'nothing-known')).not.toBe('nothing-known');
  });

  it('stops the procedure and, with an advisor online, hands over live with a request to queue', async () => {
    const services = { ...stageServices(), presence: { liveAvailable: () => Promise.resolve(true) } };
    const ctx = parsedContext('je veux un conseiller', { services, state: atStep('password-reset', 'nir') });
    await requestAdvisor(ctx, 'user_asked');
    expect(ctx.state.stack).toEqual([]);
    expect(ctx.effects).toEqual([expect.objectContaining({ kind: 'handoff', mode: 'live', reason: 'user_asked', topic: 'password-reset', replyIndex: 0 })]);
    expect(ctx.replies).toHaveLength(1);
  });

  it('asks for consent to be called back when no advisor is online', async () => {
    const ctx = parsedContext('je veux un conseiller');
    await requestAdvisor(ctx, 'user_asked');
    expect(ctx.effects).toEqual([]);
    expect(ctx.state.pending).toMatchObject({ kind: 'callback', stage: 'consent' });
  });
});
