/**
 * Access to the agent API: `Authorization: Bearer <AGENT_API_KEY>`. The key is compared in
 * constant time (both sides hashed to the same length first), and without a configured key every
 * request is refused: no key, no data.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../shared/logger.js';
import { clientKey, refuseTooMany, type HttpRateLimit } from '../shared/rate-limit.js';

export function keyMatches(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * `failures` counts the wrong keys of each address: over its limit, the address gets 429 for wrong
 * keys until the window ends. The right key always passes: behind a load balancer every agent may
 * share one address, and someone else's typos must not lock them out (a random key of 16
 * characters or more cannot be guessed by trying anyway; the limit keeps the noise down).
 */
export function requireAgentKey(apiKey: string | undefined, logger: Logger, failures?: HttpRateLimit): RequestHandler {
  return async (req, res, next) => {
    if (keyMatches(apiKey, bearerToken(req.get('authorization')))) {
      next();
      return;
    }
    const client = clientKey(req);
    const blocked = await failures?.limiter.peek(client);
    if (failures && blocked && !blocked.allowed) {
      failures.onLimited?.(failures.name);
      logger.warn({ event: 'agent.auth.throttled', path: req.path }, 'agent API: too many wrong keys from this address');
      refuseTooMany(res, blocked.retryAfterSeconds, 'Too many wrong agent keys from this address: try again later.');
      return;
    }
    await failures?.limiter.take(client);
    logger.warn({ event: 'agent.auth.refused', path: req.path, configured: Boolean(apiKey) }, 'agent API request without a valid key');
    res.setHeader('WWW-Authenticate', 'Bearer realm="agent"');
    res.status(401).json({ error: { code: 'Unauthorized', message: 'A valid agent key is required (Authorization: Bearer <AGENT_API_KEY>).' } });
  };
}
