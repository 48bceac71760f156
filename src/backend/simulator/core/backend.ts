import { REGISTRY, type BackendClient, type CallOptions, type OperationInput, type OperationName, type OperationResult, type WireResult } from '../../api-schemas/index.js';
import type { Idempotency } from '../store/idempotency.js';
import { BEHAVIOUR, type Behaviour } from './behaviour.js';
import type { CoreContext } from './context.js';

export interface SimulatedBackend {
  /** One operation, as the HTTP API answers it (`in_progress` included). */
  handle<K extends OperationName>(name: K, input: OperationInput<K>, opts?: CallOptions): Promise<WireResult<K>>;
  /** The same backend in process, as a client sees it (tests, benchmarks). */
  client: BackendClient;
}

/**
 * The simulated backend: the HTTP API is a thin layer over it. Each call first brings the
 * simulated time up to date; a state-changing call with an idempotency key runs once and its result
 * is replayed for repeats (a double submit sends one e-mail, not two).
 */
export function createSimulatedBackend(ctx: CoreContext, idempotency: Idempotency, behaviour: Behaviour = BEHAVIOUR): SimulatedBackend {
  async function handle<K extends OperationName>(name: K, input: OperationInput<K>, opts?: CallOptions): Promise<WireResult<K>> {
    await ctx.clock.sync();
    const run = () => behaviour[name](ctx, input, opts);
    if (!REGISTRY[name].stateChanging || !opts?.idempotencyKey) return run();
    const outcome = await idempotency(name, opts.idempotencyKey, input, run);
    if (outcome.kind === 'result') return outcome.result;
    if (outcome.kind === 'conflict') {
      return { ok: false, error: { code: 'invalid_request', message: 'this Idempotency-Key was used for a different request' } };
    }
    return { ok: false, error: { code: 'in_progress', message: 'the first request with this Idempotency-Key is still running' } };
  }

  async function call<K extends OperationName>(name: K, input: OperationInput<K>, opts?: CallOptions): Promise<OperationResult<K>> {
    const result = await handle(name, input, opts);
    if (result.ok) return result;
    // In process as over HTTP: a request still running has an outcome nobody knows yet.
    return { ok: false, error: { ...result.error, code: result.error.code === 'in_progress' ? 'unconfirmed' : result.error.code } };
  }

  return { handle, client: { call } };
}
