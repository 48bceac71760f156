import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/backend/api-schemas/index.js';
import type { AuditEntry } from '../../../src/backend/simulator/index.js';
import { startTestSimulator, unwrap, type TestSimulator } from '../../support/simulator.js';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.simulator.reset());

const julienReset = { nir: '1790375056234', birthDate: '1979-03-22' };

describe('GET /sim/personas', () => {
  it('lists the personas as an array, as they are now', async () => {
    const before = await sim.personas();
    expect(Array.isArray(before)).toBe(true);
    expect(before.length).toBeGreaterThanOrEqual(10);
    const camille = before.find((p) => p.id === 'camille-durand')!;
    expect(camille.ameliAccount).toBe('none');
    unwrap(await sim.client.call('createAccount', { lastName: 'Durand', nir: camille.nir, birthDate: '1988-07-14', postalCode: '20000', email: camille.email! }));
    await fetch(sim.base + new URL((await sim.lastMessage(camille.email!)).link!).pathname.replace(/^\/sim/, ''));
    expect((await sim.personas()).find((p) => p.id === 'camille-durand')!.ameliAccount).toBe('active');
  });

  it('answers 404 for an unknown persona', async () => {
    expect((await sim.get('/personas/nobody')).status).toBe(404);
  });
});

describe('GET /sim/outbox', () => {
  it('lists the messages of one recipient, newest last, with the fields of the contract', async () => {
    unwrap(await sim.client.call('requestPasswordReset', julienReset));
    unwrap(await sim.client.call('login', { nir: julienReset.nir, password: 'Soleil-2024' }));
    const messages = await sim.outbox('julien.moreau@example.fr');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ to: 'julien.moreau@example.fr', channel: 'email', subject: expect.any(String), body: expect.any(String), link: expect.any(String) });
    expect(messages[1]).toMatchObject({ channel: 'email', code: expect.stringMatching(/^\d{6}$/) });
    expect(Date.parse(messages[0]!.sentAt)).toBeLessThanOrEqual(Date.parse(messages[1]!.sentAt));
    expect(await sim.outbox('JULIEN.MOREAU@EXAMPLE.FR')).toHaveLength(2);
    expect(await sim.outbox('camille.durand@example.fr')).toEqual([]);
  });

  it('lists every message without ?to=', async () => {
    unwrap(await sim.client.call('requestPasswordReset', julienReset));
    unwrap(await sim.client.call('requestPasswordReset', { nir: '2921169123345', birthDate: '1992-11-05' }));
    expect((await sim.outbox()).map((m) => m.to)).toEqual(['julien.moreau@example.fr', 'sophie.lefevre@example.fr']);
  });
});

describe('POST /sim/clock', () => {
  it('moves the simulated time forward and says where it is', async () => {
    const before = (await (await sim.get('/clock')).json()) as { now: string; offsetMinutes: number };
    const response = await sim.post('/clock', { advanceMinutes: 90 });
    expect(response.status).toBe(200);
    const after = (await response.json()) as { now: string; offsetMinutes: number };
    expect(Date.parse(after.now) - Date.parse(before.now)).toBe(90 * 60_000);
    expect(after.offsetMinutes - before.offsetMinutes).toBe(90);
  });

  it('refuses a missing, negative or non-numeric advance with 400 and a reason', async () => {
    for (const body of [{}, { advanceMinutes: -5 }, { advanceMinutes: 'ten' }, { advanceMinutes: 5, extra: true }]) {
      const response = await sim.post('/clock', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/advanceMinutes|unknown property/) });
    }
  });
});

describe('the HTTP API', () => {
  it('refuses a malformed request with 400 and names the problem, without echoing values', async () => {
    const missing = await sim.post('/api/v1/ameli/password-resets', { nir: '1790375056234' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: { code: 'invalid_request', message: 'body / lacks "birthDate"' } });
    const badNir = await sim.post('/api/v1/ameli/password-resets', { nir: '1 79 03 75', birthDate: '1979-03-22' });
    const text = await badNir.text();
    expect(badNir.status).toBe(400);
    expect(text).toContain('/nir must match pattern');
    expect(text).not.toContain('1 79 03 75');
    const json = await fetch(`${sim.base}/api/v1/ameli/password-resets`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"nir":' });
    expect(json.status).toBe(400);
    expect((await sim.post('/api/v1/mes/enrolments/abc%2Fdef/access-code', { channel: 'email' })).status).toBe(400);
  });

  it('answers each refusal with its code and an HTTP status that says it', async () => {
    const r = await sim.post('/api/v1/ameli/password-resets', { nir: '1790375056234', birthDate: '1979-03-23' });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('identity_mismatch');
    expect((await sim.post('/api/v1/mes/enrolments/nope/access-code', { channel: 'email' })).status).toBe(404);
  });

  it('describes its operations and their schemas at /sim/api/v1', async () => {
    const doc = (await (await sim.get('/api/v1')).json()) as { operations: Array<{ name: string; method: string; path: string; request?: object; response: object }> };
    expect(doc.operations.map((o) => o.name)).toContain('mesVerifyAccessCode');
    expect(doc.operations.every((o) => typeof o.response === 'object')).toBe(true);
    // Exactly the registry: the schemas a client validates with are the ones served.
    expect(doc.operations).toEqual(JSON.parse(JSON.stringify(OPERATIONS)));
  });

  it('answers JSON 404 for an unknown route', async () => {
    const r = await sim.get('/nothing-here');
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('idempotency', () => {
  it('gives a repeated request with the same Idempotency-Key one effect and the first answer', async () => {
    const headers = { 'Idempotency-Key': 'double-submit-1' };
    const first = await sim.post('/api/v1/ameli/password-resets', julienReset, headers);
    const second = await sim.post('/api/v1/ameli/password-resets', julienReset, headers);
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(await sim.outbox('julien.moreau@example.fr')).toHaveLength(1);
    await sim.post('/api/v1/ameli/password-resets', julienReset, { 'Idempotency-Key': 'another-key' });
    expect(await sim.outbox('julien.moreau@example.fr')).toHaveLength(2);
  });

  it('sends one e-mail when the double submit arrives at the same time', async () => {
    const opts = { idempotencyKey: 'same-time' };
    const [a, b] = await Promise.all([sim.client.call('requestPasswordReset', julienReset, opts), sim.client.call('requestPasswordReset', julienReset, opts)]);
    expect(a).toEqual(b);
    expect(await sim.outbox('julien.moreau@example.fr')).toHaveLength(1);
  });

  it('replays refusals too, and the same key on a different request is a client error', async () => {
    const opts = { idempotencyKey: 'reused' };
    expect(await sim.client.call('requestPasswordReset', { ...julienReset, birthDate: '1979-03-23' }, opts)).toMatchObject({ ok: false, error: { code: 'identity_mismatch' } });
    expect(await sim.client.call('requestPasswordReset', { ...julienReset, birthDate: '1979-03-23' }, opts)).toMatchObject({ ok: false, error: { code: 'identity_mismatch' } });
    expect(await sim.client.call('requestPasswordReset', julienReset, opts)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await sim.outbox('julien.moreau@example.fr')).toEqual([]);
  });

  it('counts a wrong access code once when the same verification is repeated', async () => {
    const p = await sim.persona('julien-moreau');
    const session = unwrap(
      await sim.client.call('mesIdentify', { provisionalCode: p.mes.provisionalCode, nir: p.nir, birthDate: '1979-03-22', cardType: 'photo', vitaleSerial: p.mes.vitaleSerial! }),
    );
    unwrap(await sim.client.call('mesSendAccessCode', { enrolmentId: session.enrolmentId, channel: 'email' }));
    const code = (await sim.lastMessage(p.email!)).code!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) {
      expect(await sim.client.call('mesVerifyAccessCode', { enrolmentId: session.enrolmentId, code: wrong }, { idempotencyKey: 'verify-once' })).toMatchObject({ ok: false, error: { attemptsLeft: 4 } });
    }
  });
});

describe('GET /sim/audit', () => {
  it('records every state change: who, what, when, and the conversation', async () => {
    unwrap(await sim.client.call('requestPasswordReset', julienReset, { requestId: 'conv-42' }));
    await sim.post('/clock', { advanceMinutes: 1 });
    const entries = (await (await sim.get('/audit')).json()) as AuditEntry[];
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'person:julien-moreau', action: 'ameli.password_reset.link_sent', requestId: 'conv-42', at: expect.any(String) }),
        expect.objectContaining({ actor: 'operator', action: 'sim.clock.advanced' }),
      ]),
    );
    const mine = (await (await sim.get('/audit?actor=person:julien-moreau')).json()) as AuditEntry[];
    expect(mine.every((e) => e.actor === 'person:julien-moreau')).toBe(true);
  });

  it('never holds a password, a code or a token', async () => {
    unwrap(await sim.client.call('login', { nir: julienReset.nir, password: 'Soleil-2024' }));
    unwrap(await sim.client.call('requestPasswordReset', julienReset));
    const { link } = await sim.lastMessage('julien.moreau@example.fr');
    const codes = (await sim.outbox()).map((m) => m.code).filter(Boolean) as string[];
    const audit = await (await sim.get('/audit')).text();
    expect(audit).not.toContain('Soleil-2024');
    expect(audit).not.toContain(link!.split('/').at(-1)!);
    for (const c of codes) expect(audit).not.toContain(c);
  });
});

describe('POST /sim/reset', () => {
  it('puts the personas back as seeded and empties the outbox', async () => {
    unwrap(await sim.client.call('requestPasswordReset', julienReset));
    const reset = await sim.post('/reset', {});
    expect(reset.status).toBe(200);
    expect(await sim.outbox()).toEqual([]);
    expect((await sim.personas()).length).toBeGreaterThanOrEqual(10);
  });
});
