import { describe, expect, it } from 'vitest';
import { createTurnRunner, MAX_MESSAGE_CHARS, TOO_LONG_REPLY } from '../../../../src/channels/shared/index.js';
import { createLogger, createMemoryLogDestination } from '../../../../src/shared/logger.js';
import { createScriptedEngine, SCRIPTED_APOLOGY } from '../../../support/scripted-engine.js';

const base = { userId: 'u1', conversationId: 'c1', channel: 'test' } as const;

describe('turn runner', () => {
  it('returns the engine replies and records an ok turn', async () => {
    const outcomes: string[] = [];
    const runner = createTurnRunner({
      apology: SCRIPTED_APOLOGY,
      engine: createScriptedEngine(),
      logger: createLogger({ level: 'silent' }),
      metrics: { record: (channel, outcome) => outcomes.push(`${channel}:${outcome}`) },
    });
    expect(await runner.turn({ ...base, text: 'salut' })).toEqual({ replies: [{ text: 'Vous avez dit : salut' }], inputWasSecret: false });
    expect(outcomes).toEqual(['test:ok']);
  });

  it('answers with the apology it was given when the engine fails, and logs the failure without the personal data it carried', async () => {
    const logs = createMemoryLogDestination();
    const outcomes: string[] = [];
    const runner = createTurnRunner({
      apology: SCRIPTED_APOLOGY,
      engine: createScriptedEngine({ answer: () => Promise.reject(new Error('backend refused NIR 1 85 05 78 006 084 36')) }),
      logger: createLogger({ level: 'info', destination: logs }),
      metrics: { record: (_c, outcome) => outcomes.push(outcome) },
    });
    expect(await runner.turn({ ...base, text: 'x' })).toEqual({ replies: [{ text: SCRIPTED_APOLOGY.fr, language: 'fr' }], inputWasSecret: false });
    expect(outcomes).toEqual(['error']);
    expect(logs.text()).toContain('turn.failed');
    expect(logs.text()).not.toContain('006 084');
  });

  it('passes on that an answer was secret, and never logs its text, even at trace level', async () => {
    const logs = createMemoryLogDestination();
    const runner = createTurnRunner({
      apology: SCRIPTED_APOLOGY,
      engine: createScriptedEngine({ secret: () => true, answer: () => [{ text: 'ok' }] }),
      logger: createLogger({ level: 'trace', destination: logs }),
    });
    expect(await runner.turn({ ...base, text: 'Soleil#2026' })).toEqual({ replies: [{ text: 'ok' }], inputWasSecret: true });
    expect(logs.text()).toMatch(/"event":"turn.input","chars":11,"hasValue":false,"secret":true/);
    expect(logs.text()).not.toContain('Soleil#2026');
  });

  it('never logs what the person typed, even at trace level: a name or a password has no shape to mask', async () => {
    const logs = createMemoryLogDestination();
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine: createScriptedEngine({ answer: () => [{ text: 'ok' }] }), logger: createLogger({ level: 'trace', destination: logs }) });
    for (const text of ['Moreau', 'mon mot de passe actuel est Soleil-2024', 'née le 22/03/1979 au 75012']) await runner.turn({ ...base, text });
    expect(logs.text()).toMatch(/"event":"turn.input"/);
    expect(logs.text()).not.toMatch(/Moreau|Soleil|22\/03|75012/);
  });

  it('reads a long story of 2,000 characters, and answers a message over 5,000 in French without reading it', async () => {
    const engine = createScriptedEngine({ answer: (input) => [{ text: `lu ${input.text.length}` }] });
    const outcomes: string[] = [];
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createLogger({ level: 'silent' }), metrics: { record: (_c, outcome) => outcomes.push(outcome) } });
    const story = "J'ai reçu un courrier de l'Assurance Maladie et je ne comprends pas ce qu'il faut faire. ".repeat(23).slice(0, 2000);
    expect(await runner.turn({ ...base, text: story })).toEqual({ replies: [{ text: 'lu 2000' }], inputWasSecret: false });
    expect(await runner.turn({ ...base, text: 'x'.repeat(MAX_MESSAGE_CHARS) })).toEqual({ replies: [{ text: `lu ${MAX_MESSAGE_CHARS}` }], inputWasSecret: false });
    expect(await runner.turn({ ...base, text: `${'a'.repeat(60_000)}@` })).toEqual({ replies: [TOO_LONG_REPLY], inputWasSecret: false });
    expect(TOO_LONG_REPLY.text).toMatch(/trop long.*5 000 caractères/);
    expect(engine.turns).toHaveLength(2);
    expect(outcomes).toEqual(['ok', 'ok', 'too_long']);
  });

  it('runs the welcome through the engine and survives its failure', async () => {
    const engine = createScriptedEngine({ welcome: [{ text: 'Bonjour !' }] });
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createLogger({ level: 'silent' }) });
    expect(await runner.welcome(base)).toEqual([{ text: 'Bonjour !' }]);
    expect(engine.welcomes).toEqual([base]);

    const failing = createTurnRunner({
      apology: SCRIPTED_APOLOGY,
      engine: { welcome: () => Promise.reject(new Error('down')), handleTurn: () => Promise.reject(new Error('down')) },
      logger: createLogger({ level: 'silent' }),
    });
    expect(await failing.welcome(base)).toEqual([{ text: SCRIPTED_APOLOGY.fr, language: 'fr' }]);
  });

  it("apologises in the language the client's locale asks for, French when it names none", async () => {
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine: createScriptedEngine({ answer: () => Promise.reject(new Error('down')) }), logger: createLogger({ level: 'silent' }) });
    expect((await runner.turn({ ...base, text: 'x', locale: 'en-GB' })).replies).toEqual([{ text: SCRIPTED_APOLOGY.en, language: 'en' }]);
    expect((await runner.turn({ ...base, text: 'x', locale: 'fr-FR' })).replies).toEqual([{ text: SCRIPTED_APOLOGY.fr, language: 'fr' }]);
    expect((await runner.turn({ ...base, text: 'x' })).replies).toEqual([{ text: SCRIPTED_APOLOGY.fr, language: 'fr' }]);
  });
});

describe('turn runner during a live exchange with an advisor', () => {
  const relayTo = (advisorConversation: string, seen: string[]) => ({
    relayFromPerson: (input: { conversationId: string; text: string }) => {
      if (input.conversationId !== advisorConversation) return Promise.resolve(false);
      seen.push(input.text);
      return Promise.resolve(true);
    },
  });

  it('hands the message to the advisor instead of the engine, with no reply and no text in the logs', async () => {
    const logs = createMemoryLogDestination();
    const engine = createScriptedEngine();
    const seen: string[] = [];
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createLogger({ level: 'trace', destination: logs }), live: relayTo('c1', seen) });
    expect(await runner.turn({ ...base, text: 'mon mot de passe est Soleil#2026' })).toEqual({ replies: [], inputWasSecret: false, relayed: true });
    expect(seen).toEqual(['mon mot de passe est Soleil#2026']);
    expect(engine.turns).toEqual([]);
    expect(logs.text()).toContain('turn.relayed');
    expect(logs.text()).not.toContain('Soleil#2026');
  });

  it('lets the engine answer other conversations, and this one when the relay fails', async () => {
    const engine = createScriptedEngine();
    const seen: string[] = [];
    const runner = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createLogger({ level: 'silent' }), live: relayTo('other', seen) });
    expect((await runner.turn({ ...base, text: 'salut' })).replies).toEqual([{ text: 'Vous avez dit : salut' }]);
    const failing = createTurnRunner({ apology: SCRIPTED_APOLOGY, engine, logger: createLogger({ level: 'silent' }), live: { relayFromPerson: () => Promise.reject(new Error('store down')) } });
    expect((await failing.turn({ ...base, text: 'encore' })).replies).toEqual([{ text: 'Vous avez dit : encore' }]);
    expect(engine.turns.map((t) => t.text)).toEqual(['salut', 'encore']);
  });
});
