import { describe, expect, it } from 'vitest';
import { createHandoffQueue } from '../../../src/handoff/handoff-queue.js';
import { advisorSignature } from '../../../src/handoff/live-copy.js';
import { createLiveExchange, type LiveDelivery } from '../../../src/handoff/live-exchange.js';
import type { NewHandoffRequest } from '../../../src/handoff/types.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createSequentialIds } from '../../../src/shared/ids.js';
import { createLogger, createMemoryLogDestination } from '../../../src/shared/logger.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';

const liveRequest: NewHandoffRequest = { conversationId: 'conv-1', channel: 'directline', topic: 'mes.activate', subject: 'Activer Mon espace santé', reason: 'user_asked', transcript: [], mode: 'live' };

function setup(options: { failDelivery?: boolean } = {}) {
  const clock = createFakeClock();
  const desk = createHandoffQueue({ kv: createMemoryKeyValueStore({ clock }), clock, ids: createSequentialIds('t') });
  const delivered: Array<{ conversationId: string; channel: string; text: string; fromName: string }> = [];
  const deliver: LiveDelivery = (target, message) => {
    if (options.failDelivery) return Promise.reject(new Error('conversation gone'));
    delivered.push({ ...target, ...message });
    return Promise.resolve();
  };
  const logs = createMemoryLogDestination();
  const live = createLiveExchange({ desk, deliver, logger: createLogger({ level: 'debug', destination: logs }) });
  return { desk, live, delivered, logs };
}

describe('advisor signature', () => {
  it('signs with the name and the title, keeps a signed name, and has a default', () => {
    expect(advisorSignature('Nadia', 'conseillère')).toBe('Nadia, conseillère');
    expect(advisorSignature('  Marc  ')).toBe('Marc, conseiller');
    expect(advisorSignature('Nadia, conseillère', 'conseiller')).toBe('Nadia, conseillère');
    expect(advisorSignature('', 'conseillère')).toBe('Votre conseillère');
  });
});

describe('live exchange', () => {
  it('tells the person who joined, passes their messages to the advisor and the advisor’s to them, signed', async () => {
    const { desk, live, delivered } = setup();
    const request = await desk.create(liveRequest);
    expect(await live.relayFromPerson({ conversationId: 'conv-1', channel: 'directline', text: 'bonjour ?' })).toBe(false);

    await live.take(request.id, 'Nadia', 'conseillère');
    expect(delivered.map((d) => d.text)).toEqual(['**Nadia, conseillère** vous répond maintenant. Écrivez ici : vos messages lui arrivent directement.']);
    expect(delivered[0]).toMatchObject({ conversationId: 'conv-1', channel: 'directline', fromName: 'Nadia, conseillère' });

    let told = 0;
    const unsubscribe = live.subscribe(request.id, () => (told += 1));
    expect(await live.relayFromPerson({ conversationId: 'conv-1', channel: 'directline', text: 'je suis né le 22/03/1979' })).toBe(true);
    expect(told).toBe(1);
    await live.fromAdvisor(request.id, 'Merci, je regarde votre dossier.');
    expect(delivered.at(-1)?.text).toBe('**Nadia, conseillère :** Merci, je regarde votre dossier.');
    expect(told).toBe(2);
    unsubscribe();

    const { lines } = await desk.lines(request.id);
    expect(lines.map((l) => [l.from, l.text])).toEqual([
      ['user', 'je suis né le **/**/****'],
      ['agent', 'Merci, je regarde votre dossier.'],
    ]);
  });

  it('hands the conversation back to the assistant on close, and says so', async () => {
    const { desk, live, delivered } = setup();
    const request = await desk.create(liveRequest);
    await live.take(request.id, 'Nadia', 'conseillère');
    await live.close(request.id);
    expect(delivered.at(-1)?.text).toMatch(/^\*\*Nadia, conseillère\*\* a terminé l'échange\. L'assistant vous répond de nouveau/);
    expect(await live.relayFromPerson({ conversationId: 'conv-1', channel: 'directline', text: 'et maintenant ?' })).toBe(false);
    await expect(live.fromAdvisor(request.id, 'encore')).rejects.toMatchObject({ status: 409 });
  });

  it('refuses a message to a callback request, to an unknown one, and an empty or huge one', async () => {
    const { desk, live } = setup();
    const callback = await desk.create({ ...liveRequest, mode: 'callback' });
    await live.take(callback.id, 'Marc');
    await expect(live.fromAdvisor(callback.id, 'bonjour')).rejects.toMatchObject({ status: 409 });
    await expect(live.fromAdvisor('h_unknown', 'bonjour')).rejects.toMatchObject({ status: 404 });
    await expect(live.fromAdvisor(callback.id, '   ')).rejects.toMatchObject({ status: 400 });
    await expect(live.fromAdvisor(callback.id, 'x'.repeat(2001))).rejects.toMatchObject({ status: 400 });
  });

  it('tells the advisor when a message could not reach the person, and keeps no line of it', async () => {
    const { desk, live, logs } = setup({ failDelivery: true });
    const request = await desk.create(liveRequest);
    await live.take(request.id, 'Nadia', 'conseillère');
    await expect(live.fromAdvisor(request.id, 'bonjour')).rejects.toMatchObject({ status: 502 });
    expect((await desk.lines(request.id)).lines).toEqual([]);
    expect(logs.text()).toContain('handoff.live.joined_not_delivered');
  });

  it('lets the engine answer when the store does not say in time whether an advisor is there', async () => {
    const { desk } = setup();
    const slow = createLiveExchange({
      desk: { ...desk, liveFor: () => new Promise(() => undefined) },
      deliver: () => Promise.resolve(),
      logger: createLogger({ level: 'silent' }),
      timeoutMs: 20,
    });
    expect(await slow.relayFromPerson({ conversationId: 'conv-1', channel: 'directline', text: 'bonjour' })).toBe(false);
  });
});

describe('live exchange deadlines', () => {
  it('tells the advisor when the conversation does not answer in time', async () => {
    const clock = createFakeClock();
    const desk = createHandoffQueue({ kv: createMemoryKeyValueStore({ clock }), clock, ids: createSequentialIds('d') });
    const live = createLiveExchange({ desk, deliver: () => new Promise(() => undefined), logger: createLogger({ level: 'silent' }), deliverTimeoutMs: 20 });
    const request = await desk.create(liveRequest);
    await live.take(request.id, 'Nadia');
    await expect(live.fromAdvisor(request.id, 'bonjour')).rejects.toMatchObject({ status: 502 });
  });
});
