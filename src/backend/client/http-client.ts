/**
 * BackendClient over HTTP: what the assistant uses to reach the Assurance Maladie's backend (or the
 * simulator, which serves the same API). Routes, requests and answers come from the registry of
 * src/backend/api-schemas, shared with the simulator.
 *
 * - One call has one deadline, `timeoutMs` (BACKEND_TIMEOUT_MS): finding the address, every
 *   attempt, every body and every wait between attempts fit in it. The person waits that long at
 *   most, whatever the backend does.
 * - Retries only where repeating is safe: GETs, and POSTs carrying an Idempotency-Key (this client
 *   gives one to every state-changing call: the caller's, or a fresh one, the same for all the
 *   attempts of the call, so the backend applies it once and replays its first answer). Only after
 *   a failure that left time (a broken connection, a 5xx, a request still running), with
 *   exponential backoff and jitter, and only when the wait still fits before the deadline.
 * - Outcomes are values: an answer of the backend is passed on (a 4xx carries the operation's own
 *   code; 400 is `invalid_request`, a bug, logged; 429 `rate_limited`). When no answer came:
 *   `unavailable` if nothing can have been done (connection refused, the backend said 503
 *   unavailable, or the call changes nothing), `unconfirmed` if a state-changing request may have
 *   reached the backend (deadline passed, connection broken after sending, 5xx): it may still
 *   take effect, so the dialogs say that there was no confirmation, never that it failed.
 * - A response that breaks its schema is a contract breach: logged as an error, never passed on.
 * - Logs name the operation, status, attempt and duration; never a URL (tokens and session ids
 *   travel in paths), a body or a header value.
 */
import { cryptoIds, type IdSource } from '../../shared/ids.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import {
  API_ROOT,
  describeErrors,
  fillPath,
  REGISTRY,
  type BackendClient,
  type CallOptions,
  type ClientErrorCode,
  type OperationInput,
  type OperationName,
  type OperationResult,
} from '../api-schemas/index.js';

export interface HttpBackendClientOptions {
  /** Base URL of the backend (e.g. http://localhost:3979/sim); a function when it is known late. */
  baseUrl: string | (() => string | undefined | Promise<string | undefined>);
  /** The whole budget of one call, retries and waits included. */
  timeoutMs?: number;
  /** Extra attempts after the first, for calls safe to repeat, within the budget. */
  retries?: number;
  /** First backoff; it doubles at each retry, with ±50 % jitter, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  logger?: Logger;
  ids?: IdSource;
  /** Waits between attempts (injectable: tests do not wait). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Monotonic milliseconds: how much of the budget is spent (performance.now by default). */
  now?: () => number;
  /** Arms the deadline: `expire` runs after `ms` unless the returned function disarms it first. */
  timer?: (ms: number, expire: () => void) => () => void;
}

/** Connection errors raised before anything was sent: the backend cannot have done anything. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

type Attempt =
  | { kind: 'answer'; status: number; text: string; ms: number }
  /** No usable answer; `reached`: the request may have reached the backend. */
  | { kind: 'failed'; reason: string; reached: boolean; retryable: boolean };

type Failure = { ok: false; error: { code: ClientErrorCode; message: string } };

const failure = (code: ClientErrorCode, message: string): Failure => ({ ok: false, error: { code, message } });

function defaultTimer(ms: number, expire: () => void): () => void {
  const handle = setTimeout(expire, ms);
  return () => clearTimeout(handle);
}

/** The system error code of a failed fetch ("ECONNREFUSED"…), found on the error or its causes. */
function errorCode(error: unknown): string | undefined {
  let e = error;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

/** Resolves with the promise's value, or with `undefined` once the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
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
  const now = options.now ?? (() => performance.now());
  const timer = options.timer ?? defaultTimer;
  const configured = options.baseUrl;
  const baseUrl = async (): Promise<string | undefined> => (typeof configured === 'function' ? configured() : configured);

  /** One HTTP exchange, headers and body, cut short by the call's deadline. */
  async function attempt(url: string, init: RequestInit, signal: AbortSignal): Promise<Attempt> {
    const started = now();
    try {
      const response = await fetch(url, { ...init, signal });
      const text = await response.text();
      return { kind: 'answer', status: response.status, text, ms: Math.round(now() - started) };
    } catch (error) {
      if (signal.aborted) return { kind: 'failed', reason: 'timeout', reached: true, retryable: false };
      const code = errorCode(error);
      return { kind: 'failed', reason: `network${code ? ` ${code}` : ''}`, reached: !(code && NOT_SENT.has(code)), retryable: true };
    }
  }

  function backoff(retry: number): number {
    return Math.min(maxBackoffMs, backoffMs * 2 ** retry) * (0.5 + random());
  }

  async function call<K extends OperationName>(name: K, input: OperationInput<K>, opts: CallOptions = {}): Promise<OperationResult<K>> {
    const op = REGISTRY[name];
    const v = op.validators();
    const log = { op: name, ...(opts.requestId ? { requestId: opts.requestId } : {}) };
    // Checked here with the backend's own schemas: a malformed call is a bug, not a network trip.
    if (!v.input(input)) {
      const problem = describeErrors(v.input.errors);
      logger.error({ event: 'backend.invalid_request', ...log, problem }, 'malformed backend call not sent');
      return failure('invalid_request', problem);
    }
    const params: Record<string, string> = {};
    const body: Record<string, unknown> = {};
    const entries: Array<[string, unknown]> = Object.entries(input);
    for (const [key, value] of entries) {
      if (key in op.paramProperties) params[key] = String(value);
      else body[key] = value;
    }

    const headers: Record<string, string> = { Accept: 'application/json' };
    // The same key for every attempt of this call: the backend applies it once.
    if (op.stateChanging) headers['Idempotency-Key'] = opts.idempotencyKey ?? ids.uuid();
    if (opts.requestId) headers['X-Request-Id'] = opts.requestId;
    const init: RequestInit = { method: op.method, headers };
    if (op.method === 'POST') {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const repeatable = op.method === 'GET' || op.stateChanging;

    const deadline = now() + timeoutMs;
    const controller = new AbortController();
    const disarm = timer(timeoutMs, () => controller.abort());
    let reached = false;
    let reason = 'timeout';
    let attempts = 0;
    try {
      let base: string | undefined;
      try {
        base = await untilAborted(baseUrl(), controller.signal);
      } catch (error) {
        logger.error({ event: 'backend.no_address', ...log, err: error }, 'the backend address could not be found');
        return failure('unavailable', 'the backend address could not be found');
      }
      if (!base) return failure('unavailable', controller.signal.aborted ? 'no backend address before the deadline' : 'the backend address is not known yet');
      const url = `${base.replace(/\/+$/, '')}${API_ROOT}${fillPath(op.path, params)}`;

      for (;;) {
        attempts++;
        const outcome = await attempt(url, init, controller.signal);
        if (outcome.kind === 'answer') {
          const answered = interpret(name, outcome.status, outcome.text, opts);
          if (answered) {
            logger.debug({ event: 'backend.call', ...log, status: outcome.status, attempt: attempts, ms: outcome.ms }, 'backend call');
            return answered;
          }
          // No final answer: a 5xx, or the backend still running this request.
          const definite = outcome.status === 503 && errorCodeOf(name, outcome.text) === 'unavailable';
          reached ||= !definite;
          reason = errorCodeOf(name, outcome.text) === 'in_progress' ? 'still running' : `status ${outcome.status}`;
        } else {
          reached ||= outcome.reached;
          reason = outcome.reason;
          if (!outcome.retryable) break;
        }
        if (!repeatable || attempts > retries) break;
        const wait = backoff(attempts - 1);
        if (now() + wait >= deadline) {
          reason += ', no time left to retry';
          break;
        }
        logger.warn({ event: 'backend.retry', ...log, attempt: attempts, reason, waitMs: Math.round(wait) }, 'backend call failed, retrying');
        await sleep(wait);
        if (controller.signal.aborted) {
          reason = 'timeout';
          break;
        }
      }
    } finally {
      disarm();
    }
    if (op.stateChanging && reached) {
      logger.warn({ event: 'backend.unconfirmed', ...log, attempts, reason }, 'backend call unconfirmed: it may have taken effect');
      return failure('unconfirmed', `no confirmation after ${attempts} attempt(s): ${reason}`);
    }
    logger.warn({ event: 'backend.unavailable', ...log, attempts, reason }, 'backend unavailable');
    return failure('unavailable', `backend unavailable after ${attempts} attempt(s): ${reason}`);
  }

  /** The code of an error body, if the text is one that the contract allows. */
  function errorCodeOf(name: OperationName, text: string): string | undefined {
    const body = parse(text);
    const v = REGISTRY[name].validators();
    return body !== undefined && v.error(body) ? body.error.code : undefined;
  }

  function parse(text: string): unknown {
    try {
      const value: unknown = text === '' ? undefined : JSON.parse(text);
      return value;
    } catch {
      return undefined;
    }
  }

  /**
   * The result of an answer, or undefined when the answer is not final (5xx, or the backend still
   * running the request with this key): the caller may retry.
   */
  function interpret<K extends OperationName>(name: K, status: number, text: string, opts: CallOptions): OperationResult<K> | undefined {
    const op = REGISTRY[name];
    const v = op.validators();
    const body = parse(text);
    const breach = (problems: string): OperationResult<K> => {
      logger.error({ event: 'backend.contract_breach', op: name, status, problems }, 'backend response breaks the API contract');
      // A success that breaks its schema still says the backend did something.
      const code = op.stateChanging && status < 300 ? 'unconfirmed' : 'unavailable';
      return failure(code, `the backend answered ${status} with a body that breaks the contract`);
    };
    if (status >= 500) return undefined;
    if (status >= 200 && status < 300) {
      if (body === undefined) return breach('body is not JSON');
      if (!v.response(body)) return breach(describeErrors(v.response.errors));
      return { ok: true, value: body };
    }
    if (status === 429) return failure('rate_limited', 'the backend asks to slow down');
    if (status === 400) {
      const message = v.error(body) ? body.error.message : 'bad request';
      logger.error({ event: 'backend.invalid_request', op: name, status, problem: message, ...(opts.requestId ? { requestId: opts.requestId } : {}) }, 'the backend refused a malformed request');
      return failure('invalid_request', message);
    }
    if (body === undefined) return breach('body is not JSON');
    if (!v.error(body)) return breach(describeErrors(v.error.errors));
    const { error } = body;
    if (error.code === 'in_progress') return undefined;
    // `unavailable` in a 4xx body is the backend saying it did nothing; the other codes are its own.
    return { ok: false, error: { ...error, code: error.code } };
  }

  return { call };
}
