import type { Request } from 'express';
import { dlError } from './errors.js';
import type { TokenClaims, TokenService } from './tokens.js';

/** Who is calling: the holder of the secret (a trusted server), or a token's user. */
export type Caller = { kind: 'secret' } | { kind: 'token'; token: string; claims: TokenClaims };

export interface AuthFailure {
  reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'wrong_conversation';
}

/**
 * Reads `Authorization: Bearer <secret or token>`. No header: 401. A bad, forged or expired
 * token: 403, as Direct Line answers (directlinejs treats 403 as "token expired").
 */
export function authenticate(req: Request, isSecret: (presented: string) => boolean, tokens: TokenService, onFailure: (f: AuthFailure) => void): Caller {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) {
    onFailure({ reason: 'missing' });
    throw dlError.unauthorized('Missing "Authorization: Bearer <secret or token>" header');
  }
  const presented = match[1];
  if (isSecret(presented)) return { kind: 'secret' };
  const check = tokens.verify(presented);
  if (check.ok) return { kind: 'token', token: presented, claims: check.claims };
  onFailure({ reason: check.reason });
  throw check.reason === 'expired' ? dlError.tokenExpired() : dlError.forbidden('Invalid token or secret');
}

/** A token only opens its own conversation. */
export function requireConversation(caller: Caller, conversationId: string, onFailure: (f: AuthFailure) => void): void {
  if (caller.kind === 'token' && caller.claims.conversationId !== conversationId) {
    onFailure({ reason: 'wrong_conversation' });
    throw dlError.forbidden('This token does not grant access to this conversation');
  }
}
