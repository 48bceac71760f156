/**
 * The person always gets a French answer within the backend deadline, and nothing is done twice,
 * whatever the network between the assistant and the backend does: a backend that answers in 10 s,
 * that hangs, that breaks the connection after doing the work, or that answers 500 then 200.
 * The dialog engine, the dialogs and the HTTP client are the real ones; the simulated backend sits
 * behind a proxy that injects the faults. Time is faked where a deadline matters: nothing sleeps.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpBackendClient } from '../../../src/backend/client/index.js';
import { createSimulator, type Simulator } from '../../../src/backend/simulator/index.js';
import { createFakeClock, createOffsetClock } from '../../../src/shared/clock.js';
import type { TurnOutput } from '../../../src/shared/conversation.js';
import { createScriptedBackend } from '../../support/fake-collaborators.js';
import { createEngineWithFakes } from '../../support/engine-with-fakes.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { createMemoryKeyValueStore } from '../../../src/state/memory-kv.js';

/** BACKEND_TIMEOUT_MS as the issue reproduced it (and its default). */
const BACKEND_TIMEOUT_MS = 3000;
const JULIEN = { nir: '179037505623445', birthDate: '22/03/1979', email: 'julien.moreau@example.fr' };
const text = (out: TurnOutput) => out.replies.map((r) => r.text).join('\n');

let simulator: Simulator;
let server: Server;
let proxy: FaultProxy;

beforeEach(async () => {
  const clock = createFakeClock('2026-01-15T09:00:00.000Z');
  let base = '';
  simulator = await createSimulator({ kv: createMemoryKeyValueStore(), clock: createOffsetClock(clock), publicUrl: () => base });
  const app = express();
  app.use('/sim', simulator.app);
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sim`;
  proxy = await startFaultProxy(base);
});

afterEach(async () => {
  vi.useRealTimers();
  await proxy.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The real dialogs on the real HTTP client, through the faulty proxy. */
function assistant(baseUrl = proxy.base) {
  const backend = createHttpBackendClient({ baseUrl, timeoutMs: BACKEND_TIMEOUT_MS, backoffMs: 20 });
  const { engine } = createEngineWithFakes({ backend, clock: createFakeClock('2026-01-15T09:00:00.000Z') });
  const say = (t: string) => engine.handleTurn({ text: t, userId: 'u1', conversationId: 'c1', channel: 'test' });
  return { say };
}

/** Up to the question before the reset e-mail is sent: the next answer triggers the call. */
async function beforeTheResetCall(say: (t: string) => Promise<TurnOutput>) {
  await say("j'ai oublié mon mot de passe");
  expect(text(await say(JULIEN.nir))).toMatch(/date de naissance/);
}

const resetMails = async () => (await simulator.outbox(JULIEN.email)).filter((m) => m.link?.includes('/links/reset/'));

describe('backend faults during a password reset', () => {
  it('answers within the deadline, honestly, when the backend takes 10 s (BACKEND_TIMEOUT_MS=3000); its late e-mail is the only one', async () => {
    const { say } = assistant();
    await beforeTheResetCall(say);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    proxy.script({ slowMs: 10_000 });
    let answered = false;
    const turn = say(JULIEN.birthDate).then((out) => {
      answered = true;
      return out;
    });
    await proxy.received(1);
    await vi.advanceTimersByTimeAsync(BACKEND_TIMEOUT_MS - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const reply = text(await turn);
    expect(reply).toMatch(/Le service n'a pas confirmé l'envoi de l'e-mail : il est peut-être parti quand même/);
    expect(reply).toMatch(/Si vous recevez un e-mail pour choisir un nouveau mot de passe, cliquez sur son lien : il est valable 30 minutes/);
    expect(reply).not.toMatch(/ne répond pas|n'a pas pu|échoué/);
    // One attempt: the deadline left no time for another one.
    expect(proxy.requests).toHaveLength(1);
    // The backend finishes its work later: the e-mail the person was told about arrives, once.
    await vi.advanceTimersByTimeAsync(10_000);
    vi.useRealTimers();
    await vi.waitFor(async () => expect(await resetMails()).toHaveLength(1));
  });

  it('answers at the deadline when the backend hangs after doing the work, and says what to do if the e-mail arrives', async () => {
    const { say } = assistant();
    await beforeTheResetCall(say);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    proxy.script('hang');
    const turn = say(JULIEN.birthDate);
    await proxy.received(1);
    await vi.advanceTimersByTimeAsync(BACKEND_TIMEOUT_MS);
    const reply = text(await turn);
    vi.useRealTimers();
    expect(reply).toMatch(/n'a pas confirmé l'envoi de l'e-mail/);
    expect(reply).toMatch(/Si rien n'arrive d'ici quelques minutes, redemandez-moi un lien, ou appelez le 3646/);
    // The backend did the work: the e-mail the person was told about is there, once.
    await vi.waitFor(async () => expect(await resetMails()).toHaveLength(1));
  });

  it('retries with the same Idempotency-Key after a connection reset: one e-mail, and the person is told it was sent', async () => {
    const { say } = assistant();
    await beforeTheResetCall(say);
    proxy.script('reset');
    const reply = text(await say(JULIEN.birthDate));
    expect(reply).toMatch(/C'est fait : un e-mail vient de partir à j\*+@e\*+\.fr/);
    expect(proxy.requests).toHaveLength(2);
    expect(proxy.requests[0]!.idempotencyKey).toBeDefined();
    expect(proxy.requests[1]!.idempotencyKey).toBe(proxy.requests[0]!.idempotencyKey);
    expect(await resetMails()).toHaveLength(1);
  });

  it('takes the 200 that follows a 500: one e-mail, and the person is told it was sent', async () => {
    const { say } = assistant();
    await beforeTheResetCall(say);
    proxy.script('error500');
    expect(text(await say(JULIEN.birthDate))).toMatch(/C'est fait : un e-mail vient de partir/);
    expect(proxy.requests).toHaveLength(2);
    expect(await resetMails()).toHaveLength(1);
  });

  it('says there was no confirmation when every attempt breaks after the work, and still sends one e-mail only', async () => {
    const { say } = assistant();
    await beforeTheResetCall(say);
    proxy.script('reset', 'reset', 'reset');
    expect(text(await say(JULIEN.birthDate))).toMatch(/n'a pas confirmé l'envoi de l'e-mail/);
    expect(proxy.requests).toHaveLength(3);
    expect(new Set(proxy.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(await resetMails()).toHaveLength(1);
  });

  it('says the service does not answer when nothing can have been sent (connection refused)', async () => {
    const refused = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    server = express().listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { say } = assistant(`${refused}/sim`);
    await beforeTheResetCall(say);
    const reply = text(await say(JULIEN.birthDate));
    expect(reply).toMatch(/Le service ne répond pas pour le moment/);
    expect(reply).not.toMatch(/n'a pas confirmé/);
  });
});

describe('an unconfirmed state change in every procedure', () => {
  it('never says that a state change failed when its outcome is unknown', async () => {
    const backend = createScriptedBackend();
    const { engine } = createEngineWithFakes({ backend, clock: createFakeClock('2026-01-15T09:00:00.000Z') });
    const unconfirmed = { ok: false as const, error: { code: 'unconfirmed' as const, message: 'no confirmation' } };
    backend.script('mesActivate', unconfirmed);
    const say = (t: string) => engine.handleTurn({ text: t, userId: 'u2', conversationId: 'c2', channel: 'test' });
    let last = '';
    for (const answer of ['activer mon espace santé', 'oui', '185057800608491', '12/03/1985', 'avec photo', '12345678901', 'ABCD1234EFGH', 'par sms', '034567', "j'active", 'inaya1985', 'Sante-Inaya2026!']) {
      last = text(await say(answer));
    }
    expect(last).toMatch(/Le service n'a pas confirmé l'activation : votre profil Mon espace santé est peut-être activé quand même/);
    expect(last).toMatch(/essayez de vous connecter sur monespacesante\.fr/);
    expect(last).not.toMatch(/Réessayez dans quelques minutes|n'a pas pu/);
  });
});
