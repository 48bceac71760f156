import type { BackendClient, BackendResult, CallOptions } from '../../client/types.js';
import type { Idempotency } from '../store/idempotency.js';
import * as ameli from './ameli.js';
import type { CoreContext } from './context.js';
import * as mes from './mes.js';

/**
 * The simulated backend as a BackendClient, in process: the HTTP API is a thin layer over it.
 * Each call first brings the simulated time up to date; a call with an idempotency key runs once
 * and its result is replayed for repeats (a double submit sends one e-mail, not two).
 */
export function createSimulatedBackend(ctx: CoreContext, idempotency: Idempotency): BackendClient {
  async function run<T, E extends string>(name: keyof BackendClient, request: unknown, opts: CallOptions | undefined, fn: () => Promise<BackendResult<T, E>>): Promise<BackendResult<T, E>> {
    await ctx.clock.sync();
    if (!opts?.idempotencyKey) return fn();
    const outcome = await idempotency(name, opts.idempotencyKey, request, fn);
    if (outcome.kind === 'result') return outcome.result;
    if (outcome.kind === 'conflict') {
      return { ok: false, error: { code: 'invalid_request', message: 'this Idempotency-Key was used for a different request' } };
    }
    return { ok: false, error: { code: 'unavailable', message: 'the first request with this Idempotency-Key is still running' } };
  }

  return {
    createAccount: (req, opts) => run('createAccount', req, opts, () => ameli.createAccount(ctx, req, opts)),
    requestPasswordReset: (req, opts) => run('requestPasswordReset', req, opts, () => ameli.requestPasswordReset(ctx, req, opts)),
    resetLinkStatus: async (token) => {
      await ctx.clock.sync();
      return ameli.resetLinkStatus(ctx, token);
    },
    setNewPassword: (req, opts) => run('setNewPassword', req, opts, () => ameli.setNewPassword(ctx, req, opts)),
    login: (req, opts) => run('login', req, opts, () => ameli.login(ctx, req, opts)),
    verifyLoginOtp: (loginId, code, opts) => run('verifyLoginOtp', { loginId, code }, opts, () => ameli.verifyLoginOtp(ctx, loginId, code, opts)),
    mesIdentify: (req, opts) => run('mesIdentify', req, opts, () => mes.identify(ctx, req, opts)),
    mesNewProvisionalCode: (req, opts) => run('mesNewProvisionalCode', req, opts, () => mes.newProvisionalCode(ctx, req, opts)),
    mesSendAccessCode: (enrolmentId, channel, opts) => run('mesSendAccessCode', { enrolmentId, channel }, opts, () => mes.sendAccessCode(ctx, enrolmentId, channel, opts)),
    mesVerifyAccessCode: (enrolmentId, code, opts) => run('mesVerifyAccessCode', { enrolmentId, code }, opts, () => mes.verifyAccessCode(ctx, enrolmentId, code, opts)),
    mesActivate: (enrolmentId, req, opts) => run('mesActivate', { enrolmentId, ...req }, opts, () => mes.activate(ctx, enrolmentId, req, opts)),
    mesOppose: (enrolmentId, opts) => run('mesOppose', { enrolmentId }, opts, () => mes.oppose(ctx, enrolmentId, opts)),
    mesDependantDecision: (enrolmentId, dependantId, decision, opts) =>
      run('mesDependantDecision', { enrolmentId, dependantId, decision }, opts, () => mes.dependantDecision(ctx, enrolmentId, dependantId, decision, opts)),
    mesClose: (req, opts) => run('mesClose', req, opts, () => mes.close(ctx, req, opts)),
  };
}
