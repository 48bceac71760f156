import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationName } from '../../../../src/backend/api-schemas/index.js';
import { createHttpBackendClient, type HttpBackendClientOptions } from '../../../../src/backend/client/index.js';
import type { BackendClient, BackendResult } from '../../../../src/backend/client/types.js';
import { createLogger, createMemoryLogDestination } from '../../../../src/shared/logger.js';

const HOST = 'http://backend.test';
const BASE = `${HOST}/sim`;
const API = '/sim/api/v1';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

/**
 * Time for the client, moved by the test: `sleep` advances it, `fire` lets the deadline expire.
 * Nothing waits for real.
 */
function fakeTime() {
  let t = 0;
  const timers: Array<{ at: number; expire: () => void; live: boolean }> = [];
  const advance = (ms: number) => {
    t += ms;
    for (const timer of timers) {
      if (timer.live && timer.at <= t) {
        timer.live = false;
        timer.expire();
      }
    }
  };
  return {
    now: () => t,
    advance,
    timer: (ms: number, expire: () => void) => {
      const entry = { at: t + ms, expire, live: true };
      timers.push(entry);
      return () => {
        entry.live = false;
      };
    },
    /** The deadlines armed so far, in milliseconds from when each was armed. */
    armed: () => timers.length,
    /** Lets every armed deadline expire now. */
    fire: () => advance(Math.max(0, ...timers.map((x) => x.at - t))),
  };
}

function makeClient(options: Partial<HttpBackendClientOptions> = {}) {
  const logs = createMemoryLogDestination();
  const waits: number[] = [];
  const time = fakeTime();
  const client = createHttpBackendClient({
    baseUrl: BASE,
    timeoutMs: 3000,
    retries: 2,
    logger: createLogger({ level: 'debug', destination: logs }),
    sleep: (ms) => {
      waits.push(ms);
      time.advance(ms);
      return Promise.resolve();
    },
    now: time.now,
    timer: time.timer,
    random: () => 0.5,
    ...options,
  });
  return { client, logs, waits, time };
}

/** A promise the test resolves when something happened (no sleeps). */
function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const reset = { nir: '1790375056234', birthDate: '1979-03-22' };
const resetPath = `${API}/ameli/password-resets`;

/** One valid call per operation, with the path nock should see and a valid 200 body. */
const CALLS: Record<OperationName, { path: string; call: (c: BackendClient) => Promise<BackendResult<unknown, string>>; ok: object }> = {
  createAccount: {
    path: '/ameli/accounts',
    call: (c) => c.call('createAccount', { lastName: 'Durand', nir: '288072A004123', birthDate: '1988-07-14', postalCode: '20000', email: 'c@example.fr' }),
    ok: { emailMasked: 'c***@e***.fr', linkValidMinutes: 1440 },
  },
  requestPasswordReset: { path: '/ameli/password-resets', call: (c) => c.call('requestPasswordReset', reset), ok: { emailMasked: 'j***@e***.fr', linkValidMinutes: 30 } },
  resetLinkStatus: { path: '/ameli/password-resets/tok_123', call: (c) => c.call('resetLinkStatus', { token: 'tok_123' }), ok: { status: 'valid', expiresAt: '2026-01-15T09:30:00.000Z' } },
  setNewPassword: { path: '/ameli/password-resets/tok_123/password', call: (c) => c.call('setNewPassword', { token: 'tok_123', newPassword: 'Nouveau-2026' }), ok: { status: 'changed' } },
  login: { path: '/ameli/logins', call: (c) => c.call('login', { nir: reset.nir, password: 'Soleil-2024' }), ok: { otpSentTo: 'j***@e***.fr', loginId: 'login1' } },
  verifyLoginOtp: { path: '/ameli/logins/login1/otp', call: (c) => c.call('verifyLoginOtp', { loginId: 'login1', code: '123456' }), ok: { status: 'logged_in' } },
  mesIdentify: {
    path: '/mes/enrolments',
    call: (c) => c.call('mesIdentify', { provisionalCode: 'K7M2P9X4R8TQ', nir: '288072A00412385', birthDate: '1988-07-14', cardType: 'photo', vitaleSerial: '80250000101' }),
    ok: { enrolmentId: 'enr1', profile: { id: 'p1', firstName: 'Camille', status: 'pending' }, dependants: [], contacts: { emailMasked: 'c***@e***.fr' } },
  },
  mesNewProvisionalCode: {
    path: '/mes/provisional-codes',
    call: (c) => c.call('mesNewProvisionalCode', { nir: '288072A00412385', birthDate: '1988-07-14', cardType: 'photo', delivery: 'post' }),
    ok: { delivery: 'post', validDays: 31, validMonths: 1 },
  },
  mesSendAccessCode: { path: '/mes/enrolments/enr1/access-code', call: (c) => c.call('mesSendAccessCode', { enrolmentId: 'enr1', channel: 'sms' }), ok: { channel: 'sms', sentTo: '+33 6 ** ** ** 01', expiresAt: '2026-01-15T09:15:00.000Z' } },
  mesVerifyAccessCode: { path: '/mes/enrolments/enr1/access-code/verification', call: (c) => c.call('mesVerifyAccessCode', { enrolmentId: 'enr1', code: '123456' }), ok: { status: 'verified' } },
  mesActivate: {
    path: '/mes/enrolments/enr1/activation',
    call: (c) => c.call('mesActivate', { enrolmentId: 'enr1', ...{ identifier: 'camille2A', password: 'Ajaccio-2026' } }),
    ok: { profile: { id: 'p1', firstName: 'Camille', status: 'active' }, dependants: [] },
  },
  mesOppose: { path: '/mes/enrolments/enr1/opposition', call: (c) => c.call('mesOppose', { enrolmentId: 'enr1' }), ok: { profile: { id: 'p1', firstName: 'Camille', status: 'opposed' }, dependants: [] } },
  mesDependantDecision: {
    path: '/mes/enrolments/enr1/dependants/kid1/decision',
    call: (c) => c.call('mesDependantDecision', { enrolmentId: 'enr1', dependantId: 'kid1', decision: 'oppose' }),
    ok: { dependant: { id: 'kid1', firstName: 'Hugo', status: 'opposed' } },
  },
  mesClose: { path: '/mes/closures', call: (c) => c.call('mesClose', { identifier: 'camille2A', password: 'Ajaccio-2026', exportData: true, deleteData: false }), ok: { status: 'closed', exportSentTo: 'c***@e***.fr' } },
};

const methodOf = (name: OperationName) => OPERATIONS.find((o) => o.name === name)!.method;
const intercept = (name: OperationName) => (methodOf(name) === 'GET' ? nock(HOST).get(API + CALLS[name].path) : nock(HOST).post(API + CALLS[name].path));

describe('HTTP backend client: every operation', () => {
  it.each(OPERATIONS.map((o) => o.name))('%s: calls its route and returns the validated body', async (name) => {
    const scope = intercept(name).reply(200, CALLS[name].ok);
    const { client } = makeClient();
    expect(await CALLS[name].call(client)).toEqual({ ok: true, value: CALLS[name].ok });
    expect(scope.isDone()).toBe(true);
  });

  it.each(OPERATIONS.flatMap((o) => o.errors.map((code) => [o.name, code] as const)))('%s: passes the refusal %s on as a value', async (name, code) => {
    const scope = intercept(name).reply(422, { error: { code, message: 'refused', attemptsLeft: 2 } });
    const { client } = makeClient();
    expect(await CALLS[name].call(client)).toEqual({ ok: false, error: { code, message: 'refused', attemptsLeft: 2 } });
    expect(scope.isDone()).toBe(true);
  });
});

describe('HTTP backend client: headers', () => {
  it('puts an Idempotency-Key on every state-changing call, and none on a GET', async () => {
    const seen: Array<string | undefined> = [];
    nock(HOST)
      .post(resetPath)
      .reply(function () {
        seen.push(this.req.headers['idempotency-key']);
        return [200, { emailMasked: 'j***@e***.fr', linkValidMinutes: 30 }];
      })
      .get(`${resetPath}/tok_1`)
      .reply(function () {
        seen.push(this.req.headers['idempotency-key']);
        return [200, { status: 'used' }];
      });
    const { client } = makeClient();
    await client.call('requestPasswordReset', reset);
    await client.call('resetLinkStatus', { token: 'tok_1' });
    expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]).toBeUndefined();
  });

  it("sends the caller's idempotency key and request id, and a JSON body", async () => {
    const scope = nock(HOST, { reqheaders: { 'idempotency-key': 'conv-1:step-3', 'x-request-id': 'conv-1', 'content-type': 'application/json' } })
      .post(resetPath, reset)
      .reply(200, { emailMasked: 'j***@e***.fr', linkValidMinutes: 30 });
    const { client } = makeClient();
    expect((await client.call('requestPasswordReset', reset, { idempotencyKey: 'conv-1:step-3', requestId: 'conv-1' })).ok).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});

describe('HTTP backend client: one deadline per call, retries included', () => {
  const sent = { emailMasked: 'j***@e***.fr', linkValidMinutes: 30 };

  it('arms one deadline of the whole budget for a call, whatever its retries', async () => {
    nock(HOST).post(resetPath).reply(502).post(resetPath).replyWithError({ code: 'ECONNRESET' }).post(resetPath).reply(200, sent);
    const { client, time, waits } = makeClient({ timeoutMs: 3000 });
    expect(await client.call('requestPasswordReset', reset)).toEqual({ ok: true, value: sent });
    expect(time.armed()).toBe(1);
    expect(waits).toEqual([100, 200]);
  });

  it('ends a call to a backend that does not answer at its deadline: unavailable for a GET', async () => {
    const inFlight = deferred();
    nock(HOST)
      .get(`${resetPath}/tok_1`)
      .delay(60_000)
      .reply(() => {
        inFlight.resolve();
        return [200, { status: 'valid' }];
      });
    const { client, time, waits, logs } = makeClient();
    const pending = client.call('resetLinkStatus', { token: 'tok_1' });
    await inFlight.promise;
    time.fire();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('timeout') } });
    expect(waits).toEqual([]);
    expect(logs.text()).toContain('backend.unavailable');
  });

  it('says a state-changing call that reached its deadline is unconfirmed, and never retries it after the deadline', async () => {
    const inFlight = deferred();
    nock(HOST)
      .post(resetPath)
      .delay(60_000)
      .reply(() => {
        inFlight.resolve();
        return [200, sent];
      });
    const second = nock(HOST).post(resetPath).reply(200, sent);
    const { client, time, logs } = makeClient();
    const pending = client.call('requestPasswordReset', reset);
    await inFlight.promise;
    time.fire();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining('timeout') } });
    expect(second.isDone()).toBe(false);
    expect(logs.text()).toContain('backend.unconfirmed');
  });

  it('counts the search for the backend address in the deadline', async () => {
    const { client, time } = makeClient({ baseUrl: () => new Promise<string>(() => undefined) });
    const pending = client.call('requestPasswordReset', reset);
    time.fire();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('deadline') } });
  });

  it('retries a POST whose connection broke with the same Idempotency-Key, and takes the next answer', async () => {
    const keys: string[] = [];
    const record = function (this: { req: { headers: Record<string, unknown> } }) {
      keys.push(String(this.req.headers['idempotency-key']));
    };
    nock(HOST)
      .post(resetPath)
      .reply(function () {
        record.call(this);
        return [500, 'oops'];
      })
      .post(resetPath)
      .reply(200, function () {
        record.call(this);
        return sent;
      });
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toEqual({ ok: true, value: sent });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('says a POST is unconfirmed when its connection broke on every attempt (it may have arrived)', async () => {
    const scope = nock(HOST).post(resetPath).times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining('ECONNRESET') } });
    expect(scope.isDone()).toBe(true);
  });

  it('says unavailable when the connection was refused: nothing was sent, even for a POST', async () => {
    const scope = nock(HOST).post(resetPath).times(3).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('network') } });
    expect(scope.isDone()).toBe(true);
  });

  it('takes a 503 "unavailable" from the backend as a definite no', async () => {
    nock(HOST).post(resetPath).times(3).reply(503, { error: { code: 'unavailable', message: 'down for maintenance' } });
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('says a POST that got a 500 is unconfirmed, and a GET unavailable', async () => {
    nock(HOST).post(resetPath).times(3).reply(500, 'Internal Server Error').get(`${resetPath}/tok_1`).times(3).reply(502);
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining('status 500') } });
    expect(await client.call('resetLinkStatus', { token: 'tok_1' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('3 attempt') } });
  });

  it('waits for a request with the same key that is still running (409 in_progress), then takes its answer', async () => {
    const running = { error: { code: 'in_progress', message: 'the first request with this Idempotency-Key is still running' } };
    nock(HOST).post(resetPath).reply(409, running).post(resetPath).reply(200, sent);
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toEqual({ ok: true, value: sent });
    nock(HOST).post(resetPath).times(3).reply(409, running);
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining('still running') } });
  });

  it('retries a 5xx with exponential backoff, a bounded number of times', async () => {
    const scope = nock(HOST).get(`${resetPath}/tok_1`).times(3).reply(503, 'down');
    const extra = nock(HOST).get(`${resetPath}/tok_1`).reply(200, { status: 'valid' });
    const { client, waits, logs } = makeClient({ retries: 2, backoffMs: 100 });
    expect(await client.call('resetLinkStatus', { token: 'tok_1' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('3 attempt') } });
    expect(scope.isDone()).toBe(true);
    expect(extra.isDone()).toBe(false);
    expect(waits).toEqual([100, 200]);
    expect(logs.text().match(/backend\.retry/g)).toHaveLength(2);
  });

  it('caps the backoff', async () => {
    nock(HOST).post(resetPath).times(5).reply(500);
    const { client, waits } = makeClient({ retries: 4, backoffMs: 100, maxBackoffMs: 300, timeoutMs: 10_000 });
    await client.call('requestPasswordReset', reset);
    expect(waits).toEqual([100, 200, 300, 300]);
  });

  it('does not start a retry whose wait would end past the deadline', async () => {
    const scope = nock(HOST).post(resetPath).times(2).reply(500);
    const third = nock(HOST).post(resetPath).reply(200, sent);
    const { client, waits } = makeClient({ retries: 5, backoffMs: 100, timeoutMs: 250 });
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unconfirmed', message: expect.stringContaining('no time left') } });
    expect(waits).toEqual([100]);
    expect(scope.isDone()).toBe(true);
    expect(third.isDone()).toBe(false);
  });

  it('does not retry an answer: a 4xx is returned after one attempt', async () => {
    const scope = nock(HOST).post(resetPath).reply(422, { error: { code: 'identity_mismatch', message: 'no' } });
    const second = nock(HOST).post(resetPath).reply(200, sent);
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'identity_mismatch' } });
    expect(scope.isDone()).toBe(true);
    expect(second.isDone()).toBe(false);
  });
});

describe('HTTP backend client: error mapping', () => {
  it('maps 429 to rate_limited without retrying', async () => {
    const scope = nock(HOST).post(resetPath).reply(429, { error: { code: 'rate_limited', message: 'slow down' } });
    const { client, waits } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(scope.isDone()).toBe(true);
    expect(waits).toEqual([]);
  });

  it('maps 400 to invalid_request and logs it as a bug', async () => {
    nock(HOST).post(resetPath).reply(400, { error: { code: 'invalid_request', message: 'this Idempotency-Key was used for a different request' } });
    const { client, logs } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('Idempotency-Key') } });
    expect(logs.lines().some((l) => l.includes('backend.invalid_request') && l.includes('"level":"error"'))).toBe(true);
  });

  it.each([
    ['a missing field', { emailMasked: 'j***@e***.fr' }],
    ['a wrong type', { emailMasked: 'j***@e***.fr', linkValidMinutes: '30' }],
    ['an unknown status value', { status: 'maybe' }],
  ])('treats a 200 with %s as a contract breach, logged: unconfirmed for a POST (it did something), unavailable for a GET', async (_label, body) => {
    const isStatus = 'status' in body;
    const scope = nock(HOST);
    (isStatus ? scope.get(`${resetPath}/tok_1`) : scope.post(resetPath)).reply(200, body);
    const { client, logs } = makeClient();
    const result = isStatus ? await client.call('resetLinkStatus', { token: 'tok_1' }) : await client.call('requestPasswordReset', reset);
    expect(result).toMatchObject({ ok: false, error: { code: isStatus ? 'unavailable' : 'unconfirmed' } });
    const breach = logs.lines().find((l) => l.includes('backend.contract_breach'));
    expect(breach).toBeDefined();
    expect(breach).toContain('"level":"error"');
  });

  it('treats a body that is not JSON, and an error code outside the contract, as breaches', async () => {
    nock(HOST).post(resetPath).reply(200, '<html>proxy</html>').post(resetPath).reply(403, { error: { code: 'forbidden_by_proxy', message: 'no' } });
    const { client, logs } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unconfirmed' } });
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(logs.text().match(/backend\.contract_breach/g)).toHaveLength(2);
  });

  it('treats a 404 page from a wrong BACKEND_URL as unavailable', async () => {
    nock(HOST).post(resetPath).reply(404, 'Cannot POST', { 'Content-Type': 'text/html' });
    const { client } = makeClient();
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('refuses a malformed call locally, without a request', async () => {
    const { client, logs } = makeClient();
    expect(await client.call('requestPasswordReset', { nir: '1 79 03', birthDate: '22/03/1979' })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('/nir') } });
    expect(await client.call('mesSendAccessCode', { enrolmentId: 'has/slash', channel: 'email' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(logs.text()).toContain('backend.invalid_request');
    expect(logs.text()).not.toContain('1 79 03');
  });

  it('waits for an address found asynchronously, and is unavailable when finding it fails', async () => {
    nock(HOST).post(resetPath).reply(200, { emailMasked: 'j***@e***.fr', linkValidMinutes: 30 });
    expect((await makeClient({ baseUrl: () => Promise.resolve(BASE) }).client.call('requestPasswordReset', reset)).ok).toBe(true);
    const { client, logs } = makeClient({ baseUrl: () => Promise.reject(new Error('EADDRINUSE')) });
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(logs.text()).toContain('backend.no_address');
  });

  it('is unavailable while the backend address is not known yet', async () => {
    const { client } = makeClient({ baseUrl: () => undefined });
    expect(await client.call('requestPasswordReset', reset)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('not known') } });
  });
});

describe('HTTP backend client: logs', () => {
  it('never log personal data, secrets, tokens or URLs', async () => {
    nock(HOST)
      .post(`${API}/ameli/logins`)
      .reply(500)
      .post(`${API}/ameli/logins`)
      .reply(200, { otpSentTo: 'j***@e***.fr', loginId: 'login-secret-id' })
      .post(`${API}/ameli/password-resets/tok_SECRET_123456/password`)
      .reply(422, { error: { code: 'password_policy', message: 'rule', failedRules: ['uppercase'] } });
    const { client, logs } = makeClient();
    await client.call('login', { nir: '1790375056234', password: 'Soleil-2024' }, { requestId: 'conv-7' });
    await client.call('setNewPassword', { token: 'tok_SECRET_123456', newPassword: 'abc' });
    const text = logs.text();
    expect(text).toContain('"op":"login"');
    expect(text).toContain('conv-7');
    for (const secret of ['1790375056234', '179 03', 'Soleil-2024', 'tok_SECRET_123456', 'login-secret-id', 'backend.test', 'password-resets']) {
      expect(text, secret).not.toContain(secret);
    }
  });
});
