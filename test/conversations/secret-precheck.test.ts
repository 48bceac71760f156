/**
 * Channels ask the engine, before storing a message, whether it answers a password or code
 * question (Engine.expectsSecret): such a message is stored as dots from the start. A button of
 * that step ("Renvoyer le code") is not a secret, nor is anything typed at other steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorHarness } from './harness-simulator.js';
import type { BackendHarness } from './runner.js';
import { createEngineWithRealParts, type EngineWithRealParts } from '../support/engine-with-real-parts.js';

describe('a secret answer is known before the turn', () => {
  let harness: BackendHarness;
  let assistant: EngineWithRealParts;
  beforeAll(async () => {
    harness = await createSimulatorHarness();
    assistant = createEngineWithRealParts({ backend: harness.client, clock: harness.clock });
  });
  afterAll(() => harness?.close());

  it('says yes for the code at the access-code step, no for its resend button and for other steps', async () => {
    const camille = await harness.persona('camille-durand');
    const mes = camille.mes as { provisionalCode: string; vitaleSerial: string };
    const base = { userId: 'u-secret', conversationId: 'c-secret', channel: 'test' };
    const say = (text: string) => assistant.engine.handleTurn({ ...base, text });
    const secret = (text: string) => assistant.engine.expectsSecret?.({ ...base, text });
    await assistant.engine.welcome(base);
    await say('activer mon espace santé');
    expect(await secret('oui')).toBe(false);
    for (const text of ['oui', String(camille.nir), String(camille.birthDate), 'avec photo', mes.vitaleSerial]) await say(text);
    // The provisional code step is a secret one.
    expect(await secret(mes.provisionalCode)).toBe(true);
    await say(mes.provisionalCode);
    await say('par e-mail');
    expect(await secret('034567')).toBe(true);
    expect(await secret('Renvoyer le code')).toBe(false);
  });
});
