/**
 * The dialog engine behind the real Direct Line channel: the welcome with its suggested actions,
 * a procedure played over HTTP, a handoff, and two messages posted at once on one conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/shared/clock.js';
import { call, startAssistant, TEST_SECRET, type RunningAssistant } from '../../support/assistant-server.js';
import { createScriptedBackend } from '../../support/fake-collaborators.js';
import { createEngineWithFakes, type EngineWithFakes } from '../../support/engine-with-fakes.js';

const clock = createFakeClock('2026-03-02T08:00:00Z');
let dialog: EngineWithFakes;
let server: RunningAssistant;
let dl: string;

beforeAll(async () => {
  dialog = createEngineWithFakes({ backend: createScriptedBackend(), clock });
  server = await startAssistant({ engine: dialog.engine, clock });
  dl = `${server.url}/v3/directline`;
});
afterAll(() => server.close());

interface Activity {
  type: string;
  text?: string;
  from: { id: string; role?: string };
  suggestedActions?: { actions: Array<{ title: string; value: string }> };
}

async function conversation(): Promise<{ token: string; id: string; say(text: string): Promise<string[]>; all(): Promise<Activity[]> }> {
  const res = await call(`${dl}/conversations`, { method: 'POST', auth: TEST_SECRET, body: { user: { id: 'dl_person' } } });
  const { token, conversationId: id } = res.body as { token: string; conversationId: string };
  let watermark = '0';
  const all = async () => ((await call(`${dl}/conversations/${id}/activities`, { auth: token })).body.activities as Activity[]);
  return {
    token,
    id,
    all,
    async say(text: string) {
      const posted = await call(`${dl}/conversations/${id}/activities`, { auth: token, body: { type: 'message', from: { id: 'dl_person' }, text } });
      expect(posted.status).toBe(200);
      const { body } = await call(`${dl}/conversations/${id}/activities?watermark=${watermark}`, { auth: token });
      watermark = String(body.watermark);
      return (body.activities as Activity[]).filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
    },
  };
}

describe('dialog engine over Direct Line', () => {
  it('welcomes with the suggested actions rendered as buttons', async () => {
    const c = await conversation();
    const [welcome, question] = await c.all();
    expect(welcome?.text).toMatch(/je suis l'assistant de l'Assurance Maladie/);
    expect(question?.suggestedActions?.actions.map((a) => a.title)).toContain('Mot de passe oublié');
  });

  it('plays the password reset over HTTP and never echoes the NIR', async () => {
    const c = await conversation();
    await c.say("j'ai oublié mon mot de passe");
    expect((await c.say('1 85 05 78 006 084 91')).join(' ')).toMatch(/date de naissance/);
    const sent = (await c.say('12/03/1985')).join(' ');
    expect(sent).toMatch(/un e-mail vient de partir à c\*\*\*@e\*\*\*\.fr/);
    expect(sent).toMatch(/valable 30 minutes/);
    const everything = JSON.stringify((await c.all()).filter((a) => a.from.role === 'bot'));
    expect(everything).not.toContain('185057800608491');
  });

  it('hands off to an advisor for a callback, with the contact the person gives, and says so', async () => {
    const c = await conversation();
    expect((await c.say('je veux parler à un conseiller')).join(' ')).toMatch(/Un conseiller peut vous recontacter/);
    await c.say('oui');
    await c.say('06 12 34 56 78');
    const replies = (await c.say('demain matin')).join(' ');
    expect(replies).toMatch(/un conseiller vous rappellera au \+33 6 \*\* \*\* \*\* 78 \(demain matin\)/);
    const requests = await dialog.handoffs.list();
    expect(requests.some((r) => r.conversationId === c.id && r.reason === 'user_asked')).toBe(true);
  });

  it('takes two messages posted at once in order, on one conversation state', async () => {
    const c = await conversation();
    await c.say('mot de passe oublié');
    const post = (text: string) => call(`${dl}/conversations/${c.id}/activities`, { auth: c.token, body: { type: 'message', from: { id: 'dl_person' }, text } });
    const [a, b] = await Promise.all([post('1 85 05 78 006 084 91'), post('12/03/1985')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const bot = (await c.all()).filter((x) => x.from.role === 'bot').map((x) => x.text ?? '');
    expect(bot.join('\n')).toMatch(/date de naissance[\s\S]*un e-mail vient de partir/);
  });
});
