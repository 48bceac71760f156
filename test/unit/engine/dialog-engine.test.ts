import { describe, expect, it } from 'vitest';
import type { TurnOutput } from '../../../src/shared/conversation.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import type { Storage } from '../../../src/state/storage-contract.js';
import { createMemoryStorage } from '../../../src/state/storage.js';
import { createScriptedBackend } from '../../support/fake-collaborators.js';
import { createEngineWithFakes } from '../../support/engine-with-fakes.js';
import { deferred, type Deferred } from '../../support/ordering.js';

const NIR = '185057800608491';
const base = { userId: 'u1', conversationId: 'c1', channel: 'test' };
const text = (out: TurnOutput) => out.replies.map((r) => r.text).join('\n');

function setup(options: { storage?: Storage; idleMinutes?: number; advisorsOnline?: boolean } = {}) {
  const clock = createFakeClock();
  const backend = createScriptedBackend();
  const storage = options.storage ?? createMemoryStorage({ clock });
  const presence = { liveAvailable: () => Promise.resolve(options.advisorsOnline === true) };
  const assistant = createEngineWithFakes({ backend, clock, storage, presence, ...(options.idleMinutes ? { idleMinutes: options.idleMinutes } : {}) });
  const say = (t: string, extra: Partial<typeof base> = {}) => assistant.engine.handleTurn({ ...base, ...extra, text: t });
  return { clock, backend, storage, assistant, say };
}

describe('dialog engine', () => {
  it('welcomes with suggested actions, in English when the client is English', async () => {
    const { assistant } = setup();
    const fr = await assistant.engine.welcome(base);
    expect(text(fr)).toMatch(/Bonjour, je suis l'assistant de l'Assurance Maladie/);
    expect(fr.replies.at(-1)?.suggestedActions?.map((a) => a.title)).toContain('Mot de passe oublié');
    const en = await assistant.engine.welcome({ ...base, conversationId: 'c2', userId: 'u2', locale: 'en-GB' });
    expect(text(en)).toMatch(/Hello, I am the Assurance Maladie assistant/);
    expect(en.replies[0]?.language).toBe('en');
  });

  it('starts over after 30 idle minutes and says so, but not before', async () => {
    const { clock, say } = setup();
    await say("j'ai oublié mon mot de passe");
    clock.advanceMinutes(29);
    expect(text(await say('12/03/1985'))).toMatch(/ne reconnais pas un numéro de sécurité sociale/);
    clock.advanceMinutes(31);
    const after = await say(NIR);
    expect(text(after)).toMatch(/sans activité plus de 30 minutes : pour protéger vos données, je reprends depuis le début/);
    expect(text(after)).not.toMatch(/date de naissance/);
  });

  it('follows the configured idle time', async () => {
    const { clock, say } = setup({ idleMinutes: 5 });
    await say("j'ai oublié mon mot de passe");
    clock.advanceMinutes(6);
    expect(text(await say(NIR))).toMatch(/plus de 5 minutes/);
  });

  it('handles two turns of one conversation arriving together one after the other', async () => {
    const { say } = setup();
    await say("j'ai oublié mon mot de passe");
    const [first, second] = await Promise.all([say(NIR), say('12/03/1985')]);
    expect(text(first)).toMatch(/date de naissance/);
    expect(text(second)).toMatch(/un e-mail vient de partir/);
  });

  it('replays a turn on fresh state when another instance wrote meanwhile (eTag conflict)', async () => {
    const clock = createFakeClock();
    const shared = createMemoryStorage({ clock });
    let holding: { reached: Deferred; released: Deferred } | undefined;
    // Instance A's first write waits until instance B has written: a genuine race on the eTag.
    const slow: Storage = {
      read: (keys) => shared.read(keys),
      delete: (keys) => shared.delete(keys),
      write: async (changes) => {
        if (holding) {
          const { reached, released } = holding;
          holding = undefined;
          reached.resolve();
          await released.promise;
        }
        return shared.write(changes);
      },
    };
    const a = setup({ storage: slow });
    const b = setup({ storage: shared });
    await b.say("j'ai oublié mon mot de passe");
    const write = { reached: deferred(), released: deferred() };
    holding = write;
    const fromA = a.say(NIR);
    await write.reached.promise;
    const fromB = await b.say('help');
    write.released.resolve();
    const replayed = await fromA;
    expect(text(fromB)).toMatch(/Nous sommes en train de réinitialiser le mot de passe/);
    expect(text(replayed)).toMatch(/date de naissance/);
    const { ['engine/conversation/{test/c1}']: state } = await shared.read(['engine/conversation/{test/c1}']);
    expect(state).toMatchObject({ turn: 3, stack: [{ procedure: 'password-reset', step: 'birth' }] });
  });

  it("writes the person's state when a turn changes it, not on every turn (last visit kept to the hour)", async () => {
    const shared = createMemoryStorage();
    const written: string[][] = [];
    const recording: Storage = {
      read: (keys) => shared.read(keys),
      delete: (keys) => shared.delete(keys),
      write: (changes) => {
        written.push(Object.keys(changes));
        return shared.write(changes);
      },
    };
    const { say, clock } = setup({ storage: recording, idleMinutes: 120 });
    const userKey = 'engine/user/test/u1';
    await say('bonjour');
    clock.advanceMinutes(20);
    await say('merci');
    await say('hello, I forgot my password');
    clock.advanceMinutes(61);
    await say('thanks');
    expect(written.map((keys) => keys.includes(userKey))).toEqual([true, false, true, true]);
    expect((await shared.read([userKey]))[userKey]).toMatchObject({ conversations: 1, language: 'en', lastSeenAt: clock.now().toISOString() });
  });

  it('answers a turn that fails in French and keeps where the person was', async () => {
    const { backend, say } = setup();
    await say("j'ai oublié mon mot de passe");
    await say(NIR);
    backend.call = () => Promise.reject(new Error('socket hang up'));
    const failed = await say('12/03/1985');
    expect(text(failed)).toMatch(/un incident technique m'empêche de vous répondre/);
    const again = await say('help');
    expect(text(again)).toMatch(/Quelle est votre date de naissance/);
  });

  it('keeps no password in the saved state, the logs or the replies', async () => {
    const { storage, assistant, say } = setup();
    await say('activer mon espace santé');
    for (const answer of ['oui', NIR, '12/03/1985', 'avec photo', '12345678901', 'ABCD1234EFGH', 'par sms', '034567', "j'active", 'inaya1985']) await say(answer);
    const out = await say('Secret#2026x');
    expect(text(out)).toMatch(/le profil Mon espace santé d'Inaya est activé/);
    // The channels are told, so that they neither store nor log the text.
    expect(out.inputWasSecret).toBe(true);
    expect((await say('merci')).inputWasSecret).toBeUndefined();
    const saved = JSON.stringify(await storage.read(['engine/conversation/{test/c1}']));
    for (const secret of ['Secret#2026x', '034567', 'ABCD1234EFGH']) {
      expect(saved).not.toContain(secret);
      expect(assistant.logText()).not.toContain(secret);
    }
    expect(saved).toContain('[saisie masquée]');
  });

  it('records the answer to "Cette réponse vous a-t-elle aidé ?"', async () => {
    const { assistant, say } = setup();
    const answer = await say("c'est quoi mon espace santé");
    expect(text(answer)).toMatch(/Cette réponse vous a-t-elle aidé/);
    expect(text(await say('oui'))).toMatch(/Merci pour votre retour/);
    await say("c'est quoi mon espace santé");
    expect(text(await say('non'))).toMatch(/Voulez-vous que je transmette votre question à un conseiller/);
    expect(assistant.feedback.records).toEqual([
      { entryId: 'mes-info', helpful: true },
      { entryId: 'mes-info', helpful: false },
    ]);
  });

  it('keeps the language of the person: English replies to English messages', async () => {
    const { say } = setup();
    const out = await say('I forgot my password');
    expect(text(out)).toMatch(/What is your social security number/);
    expect(out.replies.every((r) => r.language === 'en')).toBe(true);
  });

  it('hands off live when an advisor is online, with a redacted transcript: NIR masked, secrets absent', async () => {
    const { assistant, say } = setup({ advisorsOnline: true });
    await say('activer mon espace santé');
    await say('oui');
    await say(NIR);
    const out = await say('je veux parler à un conseiller');
    expect(out.handoff).toBe(true);
    expect(text(out)).toMatch(/Je transmets votre demande à un conseiller : il va vous répondre ici/);
    expect(text(out)).toMatch(/3422/);
    const [request] = assistant.handoffs.requests;
    expect(request).toMatchObject({ conversationId: 'c1', channel: 'test', topic: 'mes-activate', reason: 'user_asked', mode: 'live', subject: 'Activer Mon espace santé' });
    const transcript = JSON.stringify(request?.transcript);
    expect(transcript).not.toContain(NIR);
    expect(transcript).toContain('1 85 ** ** *** *** 91');
    // The procedure is over: the next message starts afresh.
    expect(text(await say('bonjour'))).toMatch(/Que puis-je faire pour vous/);
  });

  it('asks how to reach the person when no advisor is online, with consent, and queues a callback', async () => {
    const { assistant, say } = setup();
    const offer = await say('parler à un conseiller');
    expect(offer.handoff).toBeUndefined();
    expect(text(offer)).toMatch(/Aucun conseiller n'est disponible.*voulez-vous me laisser un numéro de téléphone ou une adresse e-mail \? Il ne servira qu'à ce rappel/s);
    expect(text(await say('non'))).toMatch(/Si vous changez d'avis/);
    expect(assistant.handoffs.requests).toEqual([]);
    await say('parler à un conseiller');
    await say('oui');
    expect(text(await say('ines.martin@example.fr'))).toMatch(/Quand préférez-vous être contacté/);
    const done = await say('demain matin');
    expect(done.handoff).toBe(true);
    expect(text(done)).toMatch(/un conseiller vous écrira à i\*\*\*@e\*\*\*\.fr \(demain matin\)/);
    const [request] = assistant.handoffs.requests;
    expect(request).toMatchObject({ mode: 'callback', contact: { kind: 'email', value: 'ines.martin@example.fr', when: 'demain matin' } });
    expect(request?.contact?.consentAt).toBeDefined();
  });

  it('tells the person to call when the handoff queue fails', async () => {
    const { assistant, say } = setup({ advisorsOnline: true });
    assistant.handoffs.create = () => Promise.reject(new Error('queue down'));
    const out = await say('parler à un conseiller');
    expect(out.handoff).toBeUndefined();
    expect(text(out)).toMatch(/Je n'ai pas pu transmettre votre demande pour le moment. Vous pouvez appeler le 3646/);
  });
});
