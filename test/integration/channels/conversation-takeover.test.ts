/**
 * Issue 9, item 1: a conversation belongs to the channel that authenticated it. A person is
 * activating Mon espace santé in the web chat (Direct Line conversation C); someone who knows C
 * posts to /api/messages (Emulator mode) with channelId "directline" and conversation C, then an
 * identifier and a password. The Direct Line conversation must be untouched: its state, its
 * activities, and the profile (activated later by the person, with their own identifier).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector.js';

interface Persona {
  id: string;
  nir: string;
  birthDate: string;
  email: string;
  mes: { status: string; provisionalCode: string; vitaleSerial: string; identifier?: string };
}

let server: RunningAssistant;
let connector: FakeConnector;
let dl: string;
beforeAll(async () => {
  server = await startAssistant();
  connector = await startFakeConnector();
  dl = `${server.url}/v3/directline`;
});
afterAll(async () => {
  await server.close();
  await connector.close();
});

async function persona(id: string): Promise<Persona> {
  const list = (await (await fetch(`${server.url}/sim/personas`)).json()) as Persona[];
  return list.find((p) => p.id === id)!;
}

describe('conversation takeover across channels', () => {
  it('keeps a Direct Line activation untouched when /api/messages names its conversation', async () => {
    const started = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET });
    const { token, conversationId } = started.body as { token: string; conversationId: string };
    const say = async (text: string) => {
      const res = await call(`${dl}/conversations/${conversationId}/activities`, { auth: token, body: { type: 'message', from: { id: 'x' }, text } });
      expect(res.status).toBe(200);
    };
    const activities = async () => ((await call(`${dl}/conversations/${conversationId}/activities`, { auth: token })).body.activities as Array<{ text?: string }>).map((a) => a.text ?? '');

    const camille = await persona('camille-durand');
    for (const text of ['je veux activer mon espace santé', "oui je l'ai", camille.nir, camille.birthDate, 'avec photo', camille.mes.vitaleSerial, camille.mes.provisionalCode, 'par e-mail']) await say(text);
    const outbox = (await (await fetch(`${server.url}/sim/outbox?to=${encodeURIComponent(camille.email)}`)).json()) as Array<{ code?: string }>;
    await say(outbox.at(-1)!.code!);
    const before = await activities();
    expect(before.at(-1)).toMatch(/identifiant Mon espace santé/);

    // The attack, exactly as reported: Emulator mode, the Direct Line conversation's id. (Its
    // replies go nowhere: after the first message, to a local stand-in, not to wait for retries.)
    for (const [text, serviceUrl] of [['activer', 'http://localhost:1/'], ['attaquant42', connector.url], ['Attaque!2026x', connector.url]] as const) {
      const res = await call(`${server.url}/api/messages`, {
        body: { type: 'message', text, channelId: 'directline', conversation: { id: conversationId }, serviceUrl, from: { id: 'x' }, recipient: { id: 'bot' } },
      });
      expect(res.status).toBeLessThan(500);
    }

    expect(await activities()).toEqual(before);
    expect((await persona('camille-durand')).mes.status).toBe('pending');
    // The person goes on where they were: the identifier step, then the password.
    await say('camille.d88');
    expect((await activities()).at(-1)).toMatch(/8 caractères minimum, 1 majuscule/);
    await say('Durand!2026a');
    const after = await persona('camille-durand');
    expect(after.mes).toMatchObject({ status: 'active', identifier: 'camille.d88' });
  }, 40_000);
});
