/** Personal data typed by a user through Direct Line never reaches the log output, at any level. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogDestination } from '../../../src/shared/logger.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedEngine } from '../../support/scripted-engine.js';

const logs = createMemoryLogDestination();
let server: RunningAssistant;
beforeAll(async () => {
  // The engine fails on purpose: its error message carries the text too, as a careless one would.
  const engine = createScriptedEngine({ answer: (input) => Promise.reject(new Error(`cannot handle ${input.text}`)) });
  server = await startAssistant({ engine, logger: createLogger({ level: 'trace', destination: logs }) });
});
afterAll(() => server.close());

describe('log redaction end to end', () => {
  it('masks a NIR, an e-mail and a phone number a user typed, in every log line', async () => {
    const dl = `${server.url}/v3/directline`;
    const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = body as { token: string; conversationId: string };
    const typed = [
      'Mon numéro de sécurité sociale est 1 85 05 78 006 084 36',
      'mon NIR : 185057800608436',
      'écrivez à ines.martin@orange.fr ou au 06 12 34 56 78',
    ];
    for (const text of typed) {
      const res = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text } });
      expect(res.status).toBe(200);
    }
    const output = logs.text();
    // The turns were logged (input at debug, failure at error), so redaction, not silence, is tested.
    expect(output).toMatch(/"event":"turn.input"/);
    expect(output).toMatch(/"event":"turn.failed"/);
    expect(output).toContain('1 85 ** ** *** *** 36');
    for (const secret of ['006 084', '0578006', '8500608436', 'ines.martin', '12 34 56', TEST_SECRET, token]) expect(output).not.toContain(secret);
  });

  it('masks birth dates, names, postal codes and a password typed outside its step, and keeps the conversation id readable', async () => {
    const dl = `${server.url}/v3/directline`;
    const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = body as { token: string; conversationId: string };
    const typed = [
      'je suis née le 22/03/1979',
      'né le 14 juillet 1988 à Ajaccio',
      "je m'appelle Julien Moreau",
      "Madame Lefèvre, j'habite au 75012",
      'mon mot de passe actuel est Soleil-2024',
    ];
    for (const text of typed) expect((await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text } })).status).toBe(200);
    const lines = logs.lines().filter((l) => l.includes(conversationId));
    // The engine's error message carried each text: every one was logged, masked.
    expect(lines.filter((l) => l.includes('"event":"turn.failed"'))).toHaveLength(typed.length);
    const output = lines.join('\n');
    for (const leak of ['22/03', '1979', 'juillet 1988', 'Julien', 'Moreau', 'Lefèvre', '75012', 'Soleil', '2024']) expect(output).not.toContain(leak);
    expect(output).toContain(`"conversationId":"${conversationId}"`);
  });
});

describe('secret answers (passwords, one-time codes)', () => {
  const secretLogs = createMemoryLogDestination();
  let secretServer: RunningAssistant;
  beforeAll(async () => {
    // This engine reports every message starting with "mdp:" as the answer to a secret question.
    const engine = createScriptedEngine({ secret: (input) => input.text.startsWith('mdp:'), answer: () => [{ text: 'Bien reçu.' }] });
    secretServer = await startAssistant({ engine, logger: createLogger({ level: 'trace', destination: secretLogs }) });
  });
  afterAll(() => secretServer.close());

  it('are neither logged nor kept in the conversation: the stored message shows dots', async () => {
    const dl = `${secretServer.url}/v3/directline`;
    const { body } = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = body as { token: string; conversationId: string };
    const password = 'mdp:Loire#2024x';
    const posted = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: password } });
    expect(posted.status).toBe(200);
    await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text: 'bonjour' } });
    const { body: page } = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token });
    const texts = (page.activities as Array<{ text?: string }>).map((a) => a.text);
    expect(texts).toContain('••••••••');
    expect(texts).toContain('bonjour');
    expect(JSON.stringify(page)).not.toContain('Loire#2024x');
    const output = secretLogs.text();
    expect(output).toMatch(/"event":"turn.input","chars":15,"hasValue":false,"secret":true/);
    expect(output).toMatch(/"event":"turn.input","chars":7,"hasValue":false,"secret":false/);
    expect(output).not.toContain('Loire#2024x');
    // Nothing the person types is logged, secret or not.
    expect(output).not.toContain('bonjour');
  });
});
