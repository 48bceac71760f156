/**
 * Access to the agent API: `Authorization: Bearer <AGENT_API_KEY>`. The key is compared in
 * constant time (both sides hashed to the same length first), and without a configured key every
 * request is refused: no key, no data.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../shared/logger.js';

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

export function requireAgentKey(apiKey: string | undefined, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (keyMatches(apiKey, bearerToken(req.get('authorization')))) {
      next();
      return;
    }
    logger.warn({ event: 'agent.auth.refused', path: req.path, configured: Boolean(apiKey) }, 'agent API request without a valid key');
    res.setHeader('WWW-Authenticate', 'Bearer realm="agent"');
    res.status(401).json({ error: { code: 'Unauthorized', message: 'A valid agent key is required (Authorization: Bearer <AGENT_API_KEY>).' } });
  };
}
