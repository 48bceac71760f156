import { describe, expect, it } from 'vitest';
import { newConversationState, newUserState, type ConversationState } from '../../../../src/engine/state.js';
import { runTurn, runWelcome } from '../../../../src/engine/turn/run-turn.js';
import type { TurnInput } from '../../../../src/shared/conversation.js';
import { createSilentLogger } from '../../../../src/shared/logger.js';
import { atStep, STAGE_NOW, stageServices } from '../../../support/turn-stage.js';

const input = (text: string): TurnInput => ({ text, userId: 'u1', conversationId: 'c1', channel: 'test' });
const at = (state: Partial<ConversationState> = {}) => ({ state: { ...newConversationState('c1', STAGE_NOW, 'fr'), ...state }, user: newUserState() });
const log = createSilentLogger();

describe('turn pipeline: runTurn and runWelcome', () => {
  it('runs the stages on the message and keeps the buttons of the last reply only', async () => {
    const result = await runTurn(stageServices(), input("c'est quoi mon espace santé"), at(), STAGE_NOW, log);
    expect(result.replies.map((r) => r.text)).toEqual(["[KB mes-info] Qu'est-ce que Mon espace santé ?", 'Cette réponse vous a-t-elle aidé ?']);
    expect(result.replies[0]!.suggestedActions).toBeUndefined();
    expect(result.replies[1]!.suggestedActions!.map((a) => a.value)).toEqual(['Oui', 'Non']);
  });

  it("counts the turn, dates it, and writes the person's line and the replies to the transcript", async () => {
    const result = await runTurn(stageServices(), input('bonjour'), at(), STAGE_NOW, log);
    expect(result.state.turn).toBe(1);
    expect(result.state.lastActivityAt).toBe(STAGE_NOW.toISOString());
    expect(result.user).toMatchObject({ lastSeenAt: STAGE_NOW.toISOString(), language: 'fr' });
    expect(result.state.transcript.map((l) => l.from)).toEqual(['user', 'bot']);
  });

  it('asks the waiting question again for an empty message, without reading it', async () => {
    const services = stageServices();
    const result = await runTurn(services, input('   '), at(atStep('password-reset', 'nir')), STAGE_NOW, log);
    expect(result.replies.map((r) => r.text)).toEqual(['Quel est votre numéro de sécurité sociale ?']);
    expect(result.parse.intent.name).toBe('out_of_scope');
  });

  it('forgets an idle conversation, says so, then reads the message', async () => {
    const idle = at({ ...atStep('password-reset', 'nir'), lastActivityAt: new Date(STAGE_NOW.getTime() - 31 * 60_000).toISOString() });
    const result = await runTurn(stageServices(), input('bonjour'), idle, STAGE_NOW, log);
    expect(result.state.stack).toEqual([]);
    expect(result.replies[0]!.text).toMatch(/sans activité plus de 30 minutes/);
    expect(result.replies[1]!.text).toBe('Bonjour ! Que puis-je faire pour vous ?');
  });

  it('welcomes, then asks the question the conversation was waiting on', () => {
    const services = stageServices();
    const result = runWelcome(services, input(''), at(atStep('password-reset', 'nir')), STAGE_NOW, log);
    const welcome = services.catalog.assistant.welcome.say.map((t) => t.fr);
    expect(result.replies.slice(0, welcome.length).map((r) => r.text)).toEqual(welcome);
    expect(result.replies.at(-1)!.text).toMatch(/numéro de sécurité sociale/);
    expect(result.state.transcript.map((l) => l.from)).not.toContain('user');
  });
});
