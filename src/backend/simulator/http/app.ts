import express, { type ErrorRequestHandler, type Express } from 'express';
import { API_ROOT } from '../../api-schemas/index.js';
import type { SimulatedBackend } from '../core/backend.js';
import type { CoreContext } from '../core/context.js';
import { createAdminRouter } from './admin-router.js';
import { createApiRouter } from './api-router.js';
import { createPagesRouter } from './pages.js';

export interface SimulatorAppDeps {
  ctx: CoreContext;
  backend: SimulatedBackend;
  reset: () => Promise<void>;
}

/**
 * The simulator's HTTP app, mounted at `/sim` (in the assistant, or by the standalone server):
 * the backend API under /api/v1, the admin routes of CONTRACT.md, and the link pages.
 */
export function createSimulatorApp({ ctx, backend, reset }: SimulatorAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '32kb' }));
  app.use(express.urlencoded({ extended: false, limit: '8kb' }));
  // Every request sees the simulated time another instance may have moved.
  app.use((_req, _res, next) => {
    ctx.clock.sync().then(() => next(), next);
  });
  app.use(API_ROOT, createApiRouter(backend, ctx.logger));
  app.use('/links', createPagesRouter(ctx, backend.client));
  app.use(createAdminRouter(ctx, reset));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such simulator route' } });
  });
  app.use(simulatorErrorHandler(ctx));
  return app;
}

function simulatorErrorHandler(ctx: CoreContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const type = (error as { type?: string } | undefined)?.type;
    if (type === 'entity.parse.failed' || type === 'entity.too.large') {
      res.status(type === 'entity.too.large' ? 413 : 400).json({ error: { code: 'invalid_request', message: type === 'entity.too.large' ? 'body too large' : 'malformed JSON body' } });
      return;
    }
    ctx.logger.error({ event: 'sim.error', err: error, path: req.path }, 'simulator error');
    if (res.headersSent) return;
    res.status(500).json({ error: { code: 'unavailable', message: 'internal error of the simulator' } });
  };
}
