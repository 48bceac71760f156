import { describe, expect, it } from 'vitest';
import { createHandoffQueue } from '../../../src/handoff/handoff-queue.js';
import { maskTranscript, PERSONAL_ANSWER_MASK } from '../../../src/handoff/mask-transcript.js';
import type { TranscriptLine } from '../../../src/handoff/types.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSequentialIds } from '../../../src/shared/ids.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';

const at = '2026-01-15T09:00:00.000Z';
const bot = (text: string): TranscriptLine => ({ from: 'bot', text, at });
const user = (text: string): TranscriptLine => ({ from: 'user', text, at });

describe('the transcript an advisor reads', () => {
  it('masks the answer to a question about a name, a birth date or a postal code, whatever it looks like', () => {
    const masked = maskTranscript([
      bot('Quel est votre nom de famille (sans le prénom) ?'),
      user('Moreau'),
      bot('Quelle est votre date de naissance ?'),
      user('le vingt-deux mars'),
      bot('Quel est le code postal de votre domicile ?'),
      user('soixante-quinze douze'),
    ]);
    expect(masked.filter((l) => l.from === 'user').map((l) => l.text)).toEqual([PERSONAL_ANSWER_MASK, PERSONAL_ANSWER_MASK, PERSONAL_ANSWER_MASK]);
  });

  it('keeps a longer answer readable, masked by shape, and other answers as they are', () => {
    const masked = maskTranscript([
      bot('Quelle est votre date de naissance ?'),
      user("je ne sais plus quelle date j'ai donnée à la caisse, je crois le 22/03/1979"),
      bot('Avez-vous votre code provisoire ?'),
      user('non je l’ai perdu'),
    ]);
    expect(masked[1]?.text).toBe("je ne sais plus quelle date j'ai donnée à la caisse, je crois le **/**/****");
    expect(masked[3]?.text).toBe('non je l’ai perdu');
  });

  it('masks birth dates, names and postal codes in a recap, and a password typed outside its step', () => {
    const masked = maskTranscript([
      bot('Je récapitule : nom MOREAU, date de naissance 22 mars 1979, code postal 75012.'),
      user('mon mot de passe actuel est Soleil-2024'),
    ]);
    expect(masked.map((l) => l.text)).toEqual(['Je récapitule : nom ******, date de naissance ** **** ****, code postal *****.', 'mon mot de passe actuel est ********']);
  });

  it('is applied by the queue, which keeps the conversation id readable', async () => {
    const clock = createFakeClock(at);
    const queue = createHandoffQueue({ kv: createMemoryKeyValueStore({ clock }), clock, ids: createSequentialIds('h') });
    const created = await queue.create({
      conversationId: 'Jq3fX0aB9kLmN2pQ7rStUv',
      channel: 'directline',
      topic: 'account.create',
      reason: 'user_asked',
      transcript: [bot('Quel est votre nom de famille ?'), user('Lefèvre'), user('née le 05/11/1992')],
    });
    expect(created.conversationId).toBe('Jq3fX0aB9kLmN2pQ7rStUv');
    expect(created.transcript.map((l) => l.text)).toEqual(['Quel est votre nom de famille ?', PERSONAL_ANSWER_MASK, 'née le **/**/****']);
  });
});
