import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import { isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { HealthCheck } from './health.js';
import type { InFlight } from './in-flight.js';
import type { Metrics } from './metrics.js';
import { warnUntrustedProxy } from './ops-access.js';

export interface Mount {
  path: string;
  router: Router | Express;
}

export interface AppDeps {
  logger: Logger;
  metrics: Metrics;
  inFlight: InFlight;
  health: HealthCheck[];
  /** Routers of the channels and APIs, mounted in order. */
  mounts: Mount[];
  /** True once a shutdown started: /healthz answers 503 so that load balancers stop sending. */
  isShuttingDown: () => boolean;
  /** express 'trust proxy' (TRUST_PROXY): which proxies' X-Forwarded-For give the client address. */
  trustProxy?: string | number;
  /** Guards /metrics (production: the operations key); open when absent. */
  metricsAccess?: RequestHandler;
}

/**
 * Builds the HTTP app from its dependencies. No port is opened here: tests use the app in-process.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  const trusts = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  app.use(warnUntrustedProxy((address) => trusts(address, 0), deps.logger));
  app.use(deps.inFlight.middleware);
  app.use((req, res, next) => {
    const end = deps.metrics.httpDuration.startTimer({ method: req.method });
    res.once('finish', () => {
      // The matched route pattern (not the raw URL) keeps label cardinality bounded.
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ route: route ? `${req.baseUrl}${route}` : req.baseUrl || 'unmatched', status: String(res.statusCode) });
    });
    next();
  });
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    const results = await Promise.all(
      deps.health.map(async (h) => {
        try {
          return { name: h.name, ok: await withTimeout(h.check(), 1000) };
        } catch {
          return { name: h.name, ok: false };
        }
      }),
    );
    const ok = results.every((r) => r.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'down'])) });
  });

  app.get('/metrics', ...(deps.metricsAccess ? [deps.metricsAccess] : []), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  for (const mount of deps.mounts) app.use(mount.path, mount.router);

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NotFound', message: 'Not found' } });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** What a client did wrong, as body-parser and the router report it (http-errors `type`). */
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'MessageSizeTooBig', message: 'Request body too large' },
  'entity.parse.failed': { status: 400, code: 'BadArgument', message: 'Malformed JSON body' },
  'charset.unsupported': { status: 415, code: 'UnsupportedMediaType', message: 'JSON bodies must be UTF-8' },
  'encoding.unsupported': { status: 415, code: 'UnsupportedMediaType', message: 'Unsupported Content-Encoding (identity, gzip, deflate or br)' },
};
const CODES: Record<number, string> = { 400: 'BadArgument', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 413: 'MessageSizeTooBig', 415: 'UnsupportedMediaType' };

/**
 * The one place where an uncaught error becomes an HTTP response. A client's mistake (a body that
 * is not UTF-8 JSON, an unknown Content-Encoding, a corrupt compressed body, a badly encoded URL)
 * is a 4xx whose message never repeats what was sent; an unreachable store is a 503 with
 * Retry-After; only the assistant's own failures are a 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const fields = (error ?? {}) as { type?: unknown; status?: unknown; statusCode?: unknown };
    const known = typeof fields.type === 'string' ? CLIENT_ERRORS[fields.type] : undefined;
    if (known) {
      res.status(known.status).json({ error: { code: known.code, message: known.message } });
      return;
    }
    if (isAppError(error)) {
      if (error.status === 503) {
        const retryAfter = Number(error.details?.retryAfterSeconds ?? 5);
        logger.warn({ event: 'http.unavailable', err: error, path: req.path }, 'dependency unavailable');
        res.setHeader('Retry-After', String(retryAfter));
      } else if (error.status >= 500) logger.error({ event: 'http.error', err: error, path: req.path }, 'request failed');
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    // Other client errors from express and body-parser (aborted or corrupt bodies, URL decoding).
    const status = typeof fields.status === 'number' ? fields.status : typeof fields.statusCode === 'number' ? fields.statusCode : 500;
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: { code: CODES[status] ?? 'BadArgument', message: 'Bad request' } });
      return;
    }
    logger.error({ event: 'http.error', err: error, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'ServiceError', message: 'Internal error' } });
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('health check timed out')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
