import { describe, expect, it } from 'vitest';
import { createTokenService } from '../../../../src/channels/directline/index.js';
import { createSecretCheck } from '../../../../src/channels/directline/tokens.js';
import { createFakeClock } from '../../../../src/shared/clock.js';
import { cryptoIds } from '../../../../src/shared/ids.js';

const secret = 'a-direct-line-secret-of-32-characters!';

describe('Direct Line tokens', () => {
  it('binds a token to one conversation and one user, with a random id of at least 128 bits', () => {
    const tokens = createTokenService({ secret, clock: createFakeClock(), ids: cryptoIds, ttlSeconds: 1800 });
    const issued = tokens.issue('conv-1', 'dl_user');
    expect(issued.expiresIn).toBe(1800);
    expect(Buffer.from(issued.claims.jti, 'base64url').length).toBeGreaterThanOrEqual(16);
    const check = tokens.verify(issued.token);
    expect(check).toEqual({ ok: true, claims: issued.claims });
    expect(issued.claims).toMatchObject({ conversationId: 'conv-1', userId: 'dl_user' });
    expect(tokens.issue('conv-1', 'dl_user').token).not.toBe(issued.token);
  });

  it('expires a token 1800 seconds after it was issued, not before', () => {
    const clock = createFakeClock();
    const tokens = createTokenService({ secret, clock, ids: cryptoIds, ttlSeconds: 1800 });
    const { token, claims } = tokens.issue('c', 'u');
    clock.advance(1_799_999);
    expect(tokens.verify(token).ok).toBe(true);
    expect(tokens.secondsLeft(claims)).toBe(0);
    clock.advance(1);
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret or altered', () => {
    const clock = createFakeClock();
    const ours = createTokenService({ secret, clock, ids: cryptoIds, ttlSeconds: 1800 });
    const theirs = createTokenService({ secret: `${secret}-other`, clock, ids: cryptoIds, ttlSeconds: 1800 });
    expect(ours.verify(theirs.issue('c', 'u').token)).toEqual({ ok: false, reason: 'signature' });
    const token = ours.issue('c', 'u').token;
    const altered = token.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect(ours.verify(altered).ok).toBe(false);
    expect(ours.verify('dl1.x')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never puts the secret in a token', () => {
    const tokens = createTokenService({ secret, clock: createFakeClock(), ids: cryptoIds, ttlSeconds: 1800 });
    const { token } = tokens.issue('c', 'u');
    const decoded = token.split('.').map((p) => Buffer.from(p, 'base64url').toString('latin1')).join('');
    expect(token + decoded).not.toContain(secret);
  });
});

describe('the Direct Line secret check', () => {
  it('accepts the secret only, not a part of it nor a longer text', () => {
    const isSecret = createSecretCheck('s3cr3t-value');
    expect(isSecret('s3cr3t-value')).toBe(true);
    expect(isSecret('s3cr3t')).toBe(false);
    expect(isSecret('s3cr3t-value-and-more')).toBe(false);
    expect(isSecret('')).toBe(false);
  });
});
