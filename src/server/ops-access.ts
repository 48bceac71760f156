/**
 * What is public and what is not. In production, the operations endpoints (/metrics, the NLU's
 * /api/nlu/parse) tell how the assistant works and what it is asked: they need
 * `Authorization: Bearer <OPS_API_KEY>` (or the agent key). In development they stay open, as the
 * README's examples use them.
 */
import type { RequestHandler } from 'express';
import { bearerToken, keyMatches } from '../channels/agent-console/index.js';
import type { Logger } from '../shared/logger.js';

export function requireOpsKey(keys: ReadonlyArray<string | undefined>, logger: Logger): RequestHandler {
  const accepted = keys.filter((k): k is string => Boolean(k));
  return (req, res, next) => {
    const given = bearerToken(req.get('authorization'));
    if (accepted.some((key) => keyMatches(key, given))) {
      next();
      return;
    }
    logger.warn({ event: 'ops.auth.refused', path: req.path, configured: accepted.length > 0 }, 'operations endpoint without a valid key');
    res.setHeader('WWW-Authenticate', 'Bearer realm="operations"');
    res.status(401).json({ error: { code: 'Unauthorized', message: 'This endpoint needs Authorization: Bearer <OPS_API_KEY> in production.' } });
  };
}

/**
 * Warns once when a request carries X-Forwarded-For from a peer that TRUST_PROXY does not trust:
 * behind a load balancer that is not trusted, every client shares the balancer's address, and the
 * per-address limits (new conversations, wrong agent keys) count them all together.
 */
export function warnUntrustedProxy(isTrusted: (address: string) => boolean, logger: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      const peer = req.socket.remoteAddress ?? '';
      if (!isTrusted(peer)) {
        warned = true;
        logger.warn(
          { event: 'http.untrusted_proxy' },
          'X-Forwarded-For received from a proxy TRUST_PROXY does not trust: client addresses are the proxy\'s. Set TRUST_PROXY to the load balancer (a hop count such as 1, or its addresses).',
        );
      }
    }
    next();
  };
}
