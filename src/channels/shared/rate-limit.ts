/**
 * Per-address limits on the HTTP routes anyone can reach: 429 with Retry-After and the Direct Line
 * error shape. Client addresses are personal data: they are counted, never logged.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { RateLimiter } from '../../shared/rate-limiter.js';

export interface HttpRateLimit {
  limiter: RateLimiter;
  /** Told each time a request is refused (metrics), with the limit's name. */
  onLimited?: (name: string) => void;
  name: string;
}

/** The client's address as express reads it (X-Forwarded-For only from trusted proxies). */
export function clientKey(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function refuseTooMany(res: Response, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(429).json({ error: { code: 'TooManyRequests', message } });
}

/** Counts every request of the route; over the limit, 429 until the window ends. */
export function rateLimit(limit: HttpRateLimit, message: string): RequestHandler {
  return async (req, res, next) => {
    // Counted in the shared store when there is one: an outage there is the route's 503.
    const decision = await limit.limiter.take(clientKey(req));
    if (decision.allowed) {
      next();
      return;
    }
    limit.onLimited?.(limit.name);
    refuseTooMany(res, decision.retryAfterSeconds, message);
  };
}
