/**
 * CORS for the endpoints a page of another site calls (the embedded chat): the web chat's token
 * endpoint and Direct Line. Only the origins the policy allows get the CORS headers; a preflight
 * from any other origin gets 403, and its browser refuses the call. Credentials are never
 * allowed: tokens travel in the Authorization header, not in cookies.
 */
import type { Request, RequestHandler } from 'express';

export interface CorsOptions {
  allowOrigin: (origin: string, req: Request) => boolean;
  methods: string;
  /** Request headers a preflight may ask for. */
  headers: string;
}

export function cors(options: CorsOptions): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    const allowed = origin !== undefined && options.allowOrigin(origin, req);
    res.vary('Origin');
    if (allowed) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      if (!allowed) {
        res.status(403).json({ error: { code: 'Forbidden', message: 'This origin may not call this service (WEBCHAT_ALLOWED_ORIGINS).' } });
        return;
      }
      res.setHeader('Access-Control-Allow-Methods', options.methods);
      res.setHeader('Access-Control-Allow-Headers', options.headers);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * The origins that may call: the assistant's own (its public address, or the address the request
 * came to) and the configured ones. Browsers set Origin themselves: a page cannot pretend to be
 * another site.
 */
export function createOriginPolicy(options: { allowed: readonly string[]; publicUrl: string }): (origin: string, req: Request) => boolean {
  const allowed = new Set(options.allowed.map((o) => o.toLowerCase()));
  const own = safeOrigin(options.publicUrl);
  return (origin, req) => {
    const o = origin.toLowerCase();
    return allowed.has(o) || o === own || o === `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase();
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return undefined;
  }
}
