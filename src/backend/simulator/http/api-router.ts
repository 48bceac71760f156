import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../../shared/logger.js';
import { API_ROOT, compileOperationValidators, describeErrors, ERROR_STATUS, OPERATIONS, type OperationName } from '../../api-schemas/index.js';
import type {
  ActivateRequest,
  BackendClient,
  BackendResult,
  CallOptions,
  Channel,
  CloseRequest,
  CreateAccountRequest,
  LoginRequest,
  MesIdentifyRequest,
  NewProvisionalCodeRequest,
  PasswordResetRequest,
} from '../../client/types.js';

type Params = Record<string, string>;
type Body = Record<string, unknown>;
type Invoke = (backend: BackendClient, params: Params, body: Body, opts: CallOptions) => Promise<BackendResult<unknown, string>>;

const str = (v: unknown) => String(v);

/**
 * From a validated request to the backend call. The casts are safe: ajv checked the body against
 * the operation's schema just before, and the schemas mirror the request types.
 */
const INVOKE: Record<OperationName, Invoke> = {
  createAccount: (b, _p, body, o) => b.createAccount(body as unknown as CreateAccountRequest, o),
  requestPasswordReset: (b, _p, body, o) => b.requestPasswordReset(body as unknown as PasswordResetRequest, o),
  resetLinkStatus: (b, p, _body, o) => b.resetLinkStatus(str(p.token), o),
  setNewPassword: (b, p, body, o) => b.setNewPassword({ token: str(p.token), newPassword: str(body.newPassword) }, o),
  login: (b, _p, body, o) => b.login(body as unknown as LoginRequest, o),
  verifyLoginOtp: (b, p, body, o) => b.verifyLoginOtp(str(p.loginId), str(body.code), o),
  mesIdentify: (b, _p, body, o) => b.mesIdentify(body as unknown as MesIdentifyRequest, o),
  mesNewProvisionalCode: (b, _p, body, o) => b.mesNewProvisionalCode(body as unknown as NewProvisionalCodeRequest, o),
  mesSendAccessCode: (b, p, body, o) => b.mesSendAccessCode(str(p.enrolmentId), body.channel as Channel, o),
  mesVerifyAccessCode: (b, p, body, o) => b.mesVerifyAccessCode(str(p.enrolmentId), str(body.code), o),
  mesActivate: (b, p, body, o) => b.mesActivate(str(p.enrolmentId), body as unknown as ActivateRequest, o),
  mesOppose: (b, p, _body, o) => b.mesOppose(str(p.enrolmentId), o),
  mesDependantDecision: (b, p, body, o) => b.mesDependantDecision(str(p.enrolmentId), str(p.dependantId), body.decision === 'oppose' ? 'oppose' : 'activate', o),
  mesClose: (b, _p, body, o) => b.mesClose(body as unknown as CloseRequest, o),
};

const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: { code: 'invalid_request', message } });
}

/** The backend's HTTP API (`/api/v1/…`), one route per operation of BackendClient. */
export function createApiRouter(backend: BackendClient, logger: Logger): Router {
  const router = Router();
  const validators = compileOperationValidators();

  router.get('/', (_req, res) => {
    res.json({ root: API_ROOT, operations: OPERATIONS });
  });

  for (const spec of OPERATIONS) {
    const v = validators.get(spec.name);
    if (!v) throw new Error(`no validators for ${spec.name}`);
    const handler = async (req: Request, res: Response) => {
      const params = { ...req.params } as Params;
      if (v.params && !v.params(params)) return badRequest(res, `path ${describeErrors(v.params.errors)}`);
      const body: unknown = req.body ?? {};
      if (v.request && !v.request(body)) return badRequest(res, `body ${describeErrors(v.request.errors)}`);
      const key = req.get('Idempotency-Key');
      if (key !== undefined && !HEADER_VALUE.test(key)) return badRequest(res, 'Idempotency-Key must be 1 to 200 visible ASCII characters');
      const requestId = req.get('X-Request-Id');
      const opts: CallOptions = {
        ...(key ? { idempotencyKey: key } : {}),
        ...(requestId && HEADER_VALUE.test(requestId) ? { requestId } : {}),
      };
      const result = await INVOKE[spec.name](backend, params, (body ?? {}) as Body, opts);
      const status = result.ok ? 200 : (ERROR_STATUS[result.error.code] ?? 500);
      logger.info({ event: 'sim.api', op: spec.name, status, ...(result.ok ? {} : { error: result.error.code }), ...(opts.requestId ? { requestId: opts.requestId } : {}) }, 'simulated backend call');
      if (status === 503) res.setHeader('Retry-After', '1');
      res.setHeader('Cache-Control', 'no-store');
      res.status(status).json(result.ok ? result.value : { error: result.error });
    };
    if (spec.method === 'GET') router.get(spec.path, handler);
    else router.post(spec.path, handler);
  }
  return router;
}
