import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../../shared/logger.js';
import { API_ROOT, describeErrors, ERROR_STATUS, OPERATION_NAMES, OPERATIONS, REGISTRY, type CallOptions, type OperationName } from '../../api-schemas/index.js';
import type { SimulatedBackend } from '../core/backend.js';

const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: { code: 'invalid_request', message } });
}

/**
 * The backend's HTTP API (`/api/v1/…`), one route per operation of the registry. The path and the
 * body are checked against the operation's schemas, whose validators are type guards: what reaches
 * the backend has the operation's input type, without a cast.
 */
export function createApiRouter(backend: SimulatedBackend, logger: Logger): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json({ root: API_ROOT, operations: OPERATIONS });
  });

  function mount<K extends OperationName>(name: K): void {
    const op = REGISTRY[name];
    const handler = async (req: Request, res: Response) => {
      // Compiled on the operation's first call, once per process (not at start-up: most are seldom called).
      const v = op.validators();
      const params: unknown = { ...req.params };
      if (!v.params(params)) return badRequest(res, `path ${describeErrors(v.params.errors)}`);
      const body: unknown = op.method === 'GET' ? {} : (req.body ?? {});
      if (!v.body(body)) return badRequest(res, `body ${describeErrors(v.body.errors)}`);
      const key = req.get('Idempotency-Key');
      if (key !== undefined && !HEADER_VALUE.test(key)) return badRequest(res, 'Idempotency-Key must be 1 to 200 visible ASCII characters');
      const requestId = req.get('X-Request-Id');
      const opts: CallOptions = {
        ...(key ? { idempotencyKey: key } : {}),
        ...(requestId && HEADER_VALUE.test(requestId) ? { requestId } : {}),
      };
      const result = await backend.handle(name, { ...params, ...body }, opts);
      const status = result.ok ? 200 : ERROR_STATUS[result.error.code];
      logger.info({ event: 'sim.api', op: name, status, ...(result.ok ? {} : { error: result.error.code }), ...(opts.requestId ? { requestId: opts.requestId } : {}) }, 'simulated backend call');
      if (!result.ok && (result.error.code === 'unavailable' || result.error.code === 'in_progress')) res.setHeader('Retry-After', '1');
      res.setHeader('Cache-Control', 'no-store');
      res.status(status).json(result.ok ? result.value : { error: result.error });
    };
    if (op.method === 'GET') router.get(op.path, handler);
    else router.post(op.path, handler);
  }

  for (const name of OPERATION_NAMES) mount(name);
  return router;
}
