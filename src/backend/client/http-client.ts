/**
 * BackendClient over HTTP: what the assistant uses to reach the Assurance Maladie's backend (or the
 * simulator, which serves the same API). Requests and responses follow the JSON Schemas of
 * src/backend/api-schemas, shared with the simulator.
 *
 * - Every call has a timeout (AbortController), covering the response body too.
 * - Retries: a bounded number, with exponential backoff and jitter, on a network error, a timeout
 *   or a 5xx, and only for calls that are safe to repeat: GETs, and POSTs carrying an
 *   Idempotency-Key. This client gives every state-changing call a key (the caller's, or a fresh
 *   one per call, the same for all its attempts), so a retried POST has one effect: the backend
 *   replays its first answer. Nothing else is retried (4xx are answers, 429 says "slow down").
 * - Errors are values from the small set of types.ts: network, timeout and 5xx after the retries
 *   become `unavailable`; 400 `invalid_request` (a bug: logged); 429 `rate_limited`; the other 4xx
 *   carry the operation's own code. A response that breaks its schema is a contract breach: logged
 *   as an error and returned as `unavailable`, never passed on to the dialogs.
 * - Logs name the operation, status, attempt and duration; never a URL (tokens and session ids
 *   travel in paths), a body or a header value.
 */
import { cryptoIds, type IdSource } from '../../shared/ids.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import { API_ROOT, compileOperationValidators, describeErrors, fillPath, type OperationName, type OperationValidators } from '../api-schemas/index.js';
import type {
  AccessCodeResponse,
  ActivateError,
  BackendClient,
  BackendError,
  BackendResult,
  CallOptions,
  CloseError,
  CloseResponse,
  CreateAccountError,
  CreateAccountResponse,
  DependantDecisionError,
  LoginError,
  LoginResponse,
  MesIdentifyError,
  MesIdentifyResponse,
  MesProfileSummary,
  NewProvisionalCodeError,
  NewProvisionalCodeResponse,
  OpposeError,
  PasswordResetError,
  PasswordResetResponse,
  ResetLinkStatus,
  SendAccessCodeError,
  SetPasswordError,
  VerifyAccessCodeError,
  VerifyOtpError,
} from './types.js';

export interface HttpBackendClientOptions {
  /** Base URL of the backend (e.g. http://localhost:3979/sim); a function when it is known late. */
  baseUrl: string | (() => string | undefined | Promise<string | undefined>);
  /** Timeout of one attempt, body included. */
  timeoutMs?: number;
  /** Extra attempts after the first, for calls safe to repeat. */
  retries?: number;
  /** First backoff; it doubles at each retry, with ±50 % jitter, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  logger?: Logger;
  ids?: IdSource;
  /** Injectable for tests (no real waiting). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type Failure = { ok: false; error: BackendError<never> };

const unavailable = (message: string): Failure => ({ ok: false, error: { code: 'unavailable', message } });

class AttemptError extends Error {
  constructor(readonly reason: 'timeout' | 'network') {
    super(reason);
  }
}

export function createHttpBackendClient(options: HttpBackendClientOptions): BackendClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const retries = Math.max(0, options.retries ?? 2);
  const backoffMs = options.backoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 1000;
  const logger = options.logger ?? createSilentLogger();
  const ids = options.ids ?? cryptoIds;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const validators = compileOperationValidators();
  const configured = options.baseUrl;
  const baseUrl = async (): Promise<string | undefined> => (typeof configured === 'function' ? configured() : configured);

  /** One HTTP exchange with a deadline covering headers and body. */
  async function attempt(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, { ...init, signal: controller.signal });
      return { status: response.status, text: await response.text() };
    } catch {
      throw new AttemptError(controller.signal.aborted ? 'timeout' : 'network');
    } finally {
      clearTimeout(timer);
    }
  }

  function backoff(retry: number): number {
    return Math.min(maxBackoffMs, backoffMs * 2 ** retry) * (0.5 + random());
  }

  function breach<T, E extends string>(v: OperationValidators, status: number, problems: string): BackendResult<T, E> {
    logger.error({ event: 'backend.contract_breach', op: v.spec.name, status, problems }, 'backend response breaks the API contract');
    return unavailable(`the backend answered ${status} with a body that breaks the contract`);
  }

  function interpret<T, E extends string>(v: OperationValidators, status: number, text: string, requestId: string | undefined): BackendResult<T, E> {
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return breach(v, status, 'body is not JSON');
    }
    if (status >= 200 && status < 300) {
      if (!v.response(body)) return breach(v, status, describeErrors(v.response.errors));
      return { ok: true, value: body as T };
    }
    if (status === 429) return { ok: false, error: { code: 'rate_limited', message: 'the backend asks to slow down' } };
    if (status === 400) {
      const message = v.error(body) ? (body as { error: BackendError<E> }).error.message : 'bad request';
      logger.error({ event: 'backend.invalid_request', op: v.spec.name, status, problem: message, ...(requestId ? { requestId } : {}) }, 'the backend refused a malformed request');
      return { ok: false, error: { code: 'invalid_request', message } };
    }
    if (!v.error(body)) return breach(v, status, describeErrors(v.error.errors));
    return { ok: false, error: (body as { error: BackendError<E> }).error };
  }

  async function call<T, E extends string>(
    name: OperationName,
    input: { params?: Record<string, string>; body?: unknown },
    opts: CallOptions | undefined,
  ): Promise<BackendResult<T, E>> {
    const v = validators.get(name);
    if (!v) throw new RangeError(`unknown operation ${name}`);
    const { spec } = v;
    // Checked here with the backend's own schemas: a malformed call is a bug, not a network trip.
    const params = input.params ?? {};
    const local = v.params && !v.params(params) ? `path ${describeErrors(v.params.errors)}` : v.request && !v.request(input.body ?? {}) ? `body ${describeErrors(v.request.errors)}` : undefined;
    if (local) {
      logger.error({ event: 'backend.invalid_request', op: name, problem: local, ...(opts?.requestId ? { requestId: opts.requestId } : {}) }, 'malformed backend call not sent');
      return { ok: false, error: { code: 'invalid_request', message: local } };
    }
    let base: string | undefined;
    try {
      base = await baseUrl();
    } catch (error) {
      logger.error({ event: 'backend.no_address', op: name, err: error }, 'the backend address could not be found');
    }
    if (!base) return unavailable('the backend address is not known yet');
    const url = `${base.replace(/\/+$/, '')}${API_ROOT}${fillPath(spec.path, params)}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    // The same key for every attempt of this call: the backend applies it once.
    const idempotencyKey = spec.stateChanging ? (opts?.idempotencyKey ?? ids.uuid()) : undefined;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (opts?.requestId) headers['X-Request-Id'] = opts.requestId;
    const init: RequestInit = { method: spec.method, headers };
    if (spec.method === 'POST') {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(input.body ?? {});
    }
    const repeatable = spec.method === 'GET' || idempotencyKey !== undefined;
    const maxAttempts = repeatable ? retries + 1 : 1;
    const log = { op: name, ...(opts?.requestId ? { requestId: opts.requestId } : {}) };

    let reason = '';
    for (let n = 1; n <= maxAttempts; n++) {
      const started = performance.now();
      try {
        const { status, text } = await attempt(url, init);
        const ms = Math.round(performance.now() - started);
        if (status < 500) {
          logger.debug({ event: 'backend.call', ...log, status, attempt: n, ms }, 'backend call');
          return interpret<T, E>(v, status, text, opts?.requestId);
        }
        reason = `status ${status}`;
      } catch (error) {
        if (!(error instanceof AttemptError)) throw error;
        reason = error.reason;
      }
      if (n < maxAttempts) {
        const wait = backoff(n - 1);
        logger.warn({ event: 'backend.retry', ...log, attempt: n, reason, waitMs: Math.round(wait) }, 'backend call failed, retrying');
        await sleep(wait);
      }
    }
    logger.warn({ event: 'backend.unavailable', ...log, attempts: maxAttempts, reason }, 'backend unavailable');
    return unavailable(`backend unavailable after ${maxAttempts} attempt(s): ${reason}`);
  }

  type Decided = { profile: MesProfileSummary; dependants: MesProfileSummary[] };
  return {
    createAccount: (req, opts) => call<CreateAccountResponse, CreateAccountError>('createAccount', { body: req }, opts),
    requestPasswordReset: (req, opts) => call<PasswordResetResponse, PasswordResetError>('requestPasswordReset', { body: req }, opts),
    resetLinkStatus: (token, opts) => call<{ status: ResetLinkStatus; expiresAt?: string }, never>('resetLinkStatus', { params: { token } }, opts),
    setNewPassword: (req, opts) => call<{ status: 'changed' }, SetPasswordError>('setNewPassword', { params: { token: req.token }, body: { newPassword: req.newPassword } }, opts),
    login: (req, opts) => call<LoginResponse, LoginError>('login', { body: req }, opts),
    verifyLoginOtp: (loginId, code, opts) => call<{ status: 'logged_in' }, VerifyOtpError>('verifyLoginOtp', { params: { loginId }, body: { code } }, opts),
    mesIdentify: (req, opts) => call<MesIdentifyResponse, MesIdentifyError>('mesIdentify', { body: req }, opts),
    mesNewProvisionalCode: (req, opts) => call<NewProvisionalCodeResponse, NewProvisionalCodeError>('mesNewProvisionalCode', { body: req }, opts),
    mesSendAccessCode: (enrolmentId, channel, opts) => call<AccessCodeResponse, SendAccessCodeError>('mesSendAccessCode', { params: { enrolmentId }, body: { channel } }, opts),
    mesVerifyAccessCode: (enrolmentId, code, opts) => call<{ status: 'verified' }, VerifyAccessCodeError>('mesVerifyAccessCode', { params: { enrolmentId }, body: { code } }, opts),
    mesActivate: (enrolmentId, req, opts) => call<Decided, ActivateError>('mesActivate', { params: { enrolmentId }, body: req }, opts),
    mesOppose: (enrolmentId, opts) => call<Decided, OpposeError>('mesOppose', { params: { enrolmentId }, body: {} }, opts),
    mesDependantDecision: (enrolmentId, dependantId, decision, opts) =>
      call<{ dependant: MesProfileSummary }, DependantDecisionError>('mesDependantDecision', { params: { enrolmentId, dependantId }, body: { decision } }, opts),
    mesClose: (req, opts) => call<CloseResponse, CloseError>('mesClose', { body: req }, opts),
  };
}
