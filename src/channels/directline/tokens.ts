import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { IdSource } from '../../shared/ids.js';

/** What a Direct Line token grants: one conversation, as one user, until it expires. */
export interface TokenClaims {
  /** Random id of the token itself (128 bits or more). */
  jti: string;
  conversationId: string;
  userId: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface IssuedToken {
  token: string;
  claims: TokenClaims;
  /** Seconds until the token expires, as Direct Line's `expires_in`. */
  expiresIn: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export interface TokenService {
  issue(conversationId: string, userId: string): IssuedToken;
  verify(token: string): TokenCheck;
  /** Seconds left on a token (0 once expired). */
  secondsLeft(claims: TokenClaims): number;
}

const PREFIX = 'dl1';

/**
 * Signed, stateless tokens: `dl1.<payload>.<HMAC-SHA256>`, base64url. The key is derived from the
 * Direct Line secret, so every instance sharing the secret accepts the same tokens and the secret
 * itself is never sent anywhere.
 */
export function createTokenService(options: { secret: string; clock: Clock; ids: IdSource; ttlSeconds: number }): TokenService {
  const key = createHmac('sha256', options.secret).update('ameli-assistant/directline-token/v1').digest();
  const sign = (payload: string) => createHmac('sha256', key).update(`${PREFIX}.${payload}`).digest();
  const now = () => options.clock.now().getTime();

  return {
    issue(conversationId, userId) {
      const issuedAtMs = now();
      const claims: TokenClaims = {
        jti: options.ids.random(18),
        conversationId,
        userId,
        issuedAtMs,
        expiresAtMs: issuedAtMs + options.ttlSeconds * 1000,
      };
      const payload = Buffer.from(JSON.stringify({ jti: claims.jti, cid: conversationId, uid: userId, iat: issuedAtMs, exp: claims.expiresAtMs })).toString('base64url');
      return { token: `${PREFIX}.${payload}.${sign(payload).toString('base64url')}`, claims, expiresIn: options.ttlSeconds };
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2]) return { ok: false, reason: 'malformed' };
      const [, payload, signature] = parts as [string, string, string];
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
      const claims = parseClaims(payload);
      if (!claims) return { ok: false, reason: 'malformed' };
      if (now() >= claims.expiresAtMs) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },
    secondsLeft: (claims) => Math.max(0, Math.floor((claims.expiresAtMs - now()) / 1000)),
  };
}

function parseClaims(payload: string): TokenClaims | undefined {
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { jti, cid, uid, iat, exp } = raw;
    if (typeof jti !== 'string' || typeof cid !== 'string' || typeof uid !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
    return { jti, conversationId: cid, userId: uid, issuedAtMs: iat, expiresAtMs: exp };
  } catch {
    return undefined;
  }
}

/**
 * Compares a presented secret with the real one in constant time (their digests are compared).
 * The real secret's digest is computed once, not on every request.
 */
export function createSecretCheck(secret: string): (presented: string) => boolean {
  const digest = (text: string) => createHmac('sha256', 'compare').update(text).digest();
  const expected = digest(secret);
  return (presented) => timingSafeEqual(digest(presented), expected);
}
