/**
 * Compte ameli: creation with an activation e-mail, password reset by a single-use link valid
 * 30 minutes, and login with a one-time security code sent by e-mail.
 */
import { checkAmeliPassword, type PasswordRule } from '../../../domain/password-policy.js';
import { nirKind } from '../../../domain/nir.js';
import { maskEmail } from '../../../shared/redact.js';
import type { CallOptions, OperationInput, OperationOutput } from '../../api-schemas/index.js';
import {
  ACTIVATION_LINK_MINUTES,
  addMinutes,
  LOGIN_OTP_MAX_ATTEMPTS,
  LOGIN_OTP_MINUTES,
  ONE_TIME_CODE_DIGITS,
  RESET_LINK_MINUTES,
  RETENTION_MS,
} from '../rules.js';
import type { ActivationLinkRecord, LoginRecord, ResetLinkRecord } from '../store/records.js';
import { digest, sameSecret } from '../store/secrets.js';
import { fail, isPast, ok, personActor, record, sameName, ttlUntil, type CoreContext, type Outcome } from './context.js';
import { messages } from './messages.js';

const resetKey = (token: string) => `reset:${digest(token)}`;
const activationKey = (token: string) => `activation:${digest(token)}`;

export async function createAccount(ctx: CoreContext, req: OperationInput<'createAccount'>, opts?: CallOptions): Promise<Outcome<'createAccount'>> {
  // 004: "les assurés ayant des numéros de sécurité sociale en attente (NIA ou commençant par 7 ou 8)
  // n'ont pas accès au compte ameli" — a fact about the number, so it is said before any lookup.
  if (nirKind(req.nir) === 'nia') return fail('nia', 'a provisional number (NIA, 7 or 8) gives no access to the compte ameli');
  const person = await ctx.persons.byNir(req.nir);
  if (!person || !sameName(person.lastName, req.lastName) || person.birthDate !== req.birthDate || person.postalCode !== req.postalCode) {
    return fail('identity_mismatch', 'no insured person with these details');
  }
  if (person.isDependant) return fail('dependant', 'an ayant droit has no personal compte ameli (004)');
  if (person.ame) return fail('ame', "beneficiaries of the Aide médicale de l'État have no compte ameli (004)");
  if (person.ameli.status === 'active') return fail('already_exists', 'this person already has a compte ameli');

  const token = ctx.ids.random(32);
  const now = ctx.clock.now();
  const expiresAt = addMinutes(now, ACTIVATION_LINK_MINUTES);
  const link: ActivationLinkRecord = { personId: person.id, email: req.email, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  await ctx.kv.set(activationKey(token), link, { ttlMs: ttlUntil(ctx, expiresAt) });
  await ctx.persons.update(person.id, (p) => {
    if (p.ameli.status !== 'active') p.ameli = { status: 'pending' };
  });
  const url = `${ctx.publicUrl()}/links/activate/${token}`;
  await ctx.outbox.send({ to: req.email, channel: 'email', ...messages.accountActivation(person.firstName, url), link: url, sentAt: now.toISOString() });
  await record(ctx, personActor(person.id), 'ameli.account.activation_sent', opts, { details: { linkValidMinutes: ACTIVATION_LINK_MINUTES } });
  return ok({ emailMasked: maskEmail(req.email), linkValidMinutes: ACTIVATION_LINK_MINUTES });
}

export type ActivationOutcome =
  | { kind: 'activated'; firstName: string; provisionalPasswordSent: boolean }
  | { kind: 'gone'; reason: 'used' | 'expired' }
  | { kind: 'unknown' };

/**
 * The activation link: using it activates the account ("validez la création de votre compte ameli
 * en cliquant sur le lien reçu par courriel"). Its password is a provisional code sent by post
 * (004: "Mon mot de passe (ou code provisoire)"), which the page lets the person replace at once.
 */
export async function useActivationLink(ctx: CoreContext, token: string): Promise<ActivationOutcome> {
  const link = await ctx.kv.get<ActivationLinkRecord>(activationKey(token));
  if (!link) return { kind: 'unknown' };
  const person = await ctx.persons.get(link.personId);
  if (link.usedAt || !person || person.ameli.status === 'active') return { kind: 'gone', reason: 'used' };
  if (isPast(ctx, link.expiresAt)) return { kind: 'gone', reason: 'expired' };
  if (!(await ctx.kv.setIfAbsent(`${activationKey(token)}:claim`, true, { ttlMs: RETENTION_MS }))) return { kind: 'gone', reason: 'used' };

  const now = ctx.clock.now().toISOString();
  const provisional = `Prov-${ctx.codes.alphanumeric(8)}`;
  await ctx.persons.update(person.id, (p) => {
    p.ameli = { status: 'active', email: link.email, password: provisional, passwordProvisional: true };
    p.email = link.email;
  });
  await ctx.kv.set(activationKey(token), { ...link, usedAt: now }, { ttlMs: ttlUntil(ctx, new Date(link.expiresAt)) });
  await record(ctx, personActor(person.id), 'ameli.account.activated', undefined);
  await record(ctx, personActor(person.id), 'ameli.account.provisional_password_sent', undefined, { details: { delivery: 'post' } });
  return { kind: 'activated', firstName: person.firstName, provisionalPasswordSent: true };
}

export type ChoosePasswordOutcome = { kind: 'changed' } | { kind: 'policy'; failedRules: PasswordRule[] } | { kind: 'gone' } | { kind: 'unknown' };

/** The password chosen on the activation page, once, while the link is within its validity. */
export async function choosePasswordAfterActivation(ctx: CoreContext, token: string, password: string): Promise<ChoosePasswordOutcome> {
  const link = await ctx.kv.get<ActivationLinkRecord>(activationKey(token));
  if (!link) return { kind: 'unknown' };
  if (!link.usedAt || link.passwordChosenAt || isPast(ctx, link.expiresAt)) return { kind: 'gone' };
  const failedRules = checkAmeliPassword(password);
  if (failedRules.length > 0) return { kind: 'policy', failedRules };
  if (!(await ctx.kv.setIfAbsent(`${activationKey(token)}:password`, true, { ttlMs: RETENTION_MS }))) return { kind: 'gone' };
  await ctx.persons.update(link.personId, (p) => {
    p.ameli = { ...p.ameli, password, passwordProvisional: false };
  });
  await ctx.kv.set(activationKey(token), { ...link, passwordChosenAt: ctx.clock.now().toISOString() }, { ttlMs: ttlUntil(ctx, new Date(link.expiresAt)) });
  await record(ctx, personActor(link.personId), 'ameli.password.chosen', undefined);
  return { kind: 'changed' };
}

export async function requestPasswordReset(ctx: CoreContext, req: OperationInput<'requestPasswordReset'>, opts?: CallOptions): Promise<Outcome<'requestPasswordReset'>> {
  const person = await ctx.persons.byNir(req.nir);
  if (!person || person.birthDate !== req.birthDate) return fail('identity_mismatch', 'no insured person with this NIR and birth date');
  if (person.ameli.status !== 'active' || !person.ameli.email) return fail('no_account', 'this person has no active compte ameli');

  const token = ctx.ids.random(32);
  const now = ctx.clock.now();
  const expiresAt = addMinutes(now, RESET_LINK_MINUTES);
  const link: ResetLinkRecord = { personId: person.id, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  await ctx.kv.set(resetKey(token), link, { ttlMs: ttlUntil(ctx, expiresAt) });
  await ctx.kv.append(`reset-links:${person.id}`, digest(token), { ttlMs: ttlUntil(ctx, expiresAt) });
  const url = `${ctx.publicUrl()}/links/reset/${token}`;
  await ctx.outbox.send({ to: person.ameli.email, channel: 'email', ...messages.passwordReset(person.firstName, url), link: url, sentAt: now.toISOString() });
  await record(ctx, personActor(person.id), 'ameli.password_reset.link_sent', opts, { details: { linkValidMinutes: RESET_LINK_MINUTES } });
  return ok({ emailMasked: maskEmail(person.ameli.email), linkValidMinutes: RESET_LINK_MINUTES });
}

function linkStatus(ctx: CoreContext, link: ResetLinkRecord | undefined): OperationOutput<'resetLinkStatus'>['status'] {
  if (!link) return 'unknown';
  if (link.usedAt || link.revokedAt) return 'used';
  return isPast(ctx, link.expiresAt) ? 'expired' : 'valid';
}

export async function resetLinkStatus(ctx: CoreContext, { token }: OperationInput<'resetLinkStatus'>): Promise<Outcome<'resetLinkStatus'>> {
  const link = await ctx.kv.get<ResetLinkRecord>(resetKey(token));
  const status = linkStatus(ctx, link);
  return ok(link && status === 'valid' ? { status, expiresAt: link.expiresAt } : { status });
}

export async function setNewPassword(ctx: CoreContext, req: OperationInput<'setNewPassword'>, opts?: CallOptions): Promise<Outcome<'setNewPassword'>> {
  const link = await ctx.kv.get<ResetLinkRecord>(resetKey(req.token));
  const status = linkStatus(ctx, link);
  if (!link || status === 'unknown') return fail('link_unknown', 'no such reset link');
  if (status === 'used') return fail('link_used', 'this reset link was already used');
  if (status === 'expired') return fail('link_expired', `reset links are valid ${RESET_LINK_MINUTES} minutes`);
  const failedRules = checkAmeliPassword(req.newPassword);
  if (failedRules.length > 0) return fail('password_policy', 'the password breaks the compte ameli rule', { failedRules });
  // Single use even when two submits race (two tabs, two instances).
  if (!(await ctx.kv.setIfAbsent(`${resetKey(req.token)}:claim`, true, { ttlMs: ttlUntil(ctx, new Date(link.expiresAt)) }))) {
    return fail('link_used', 'this reset link was already used');
  }
  const now = ctx.clock.now().toISOString();
  await ctx.persons.update(link.personId, (p) => {
    p.ameli = { ...p.ameli, password: req.newPassword, passwordProvisional: false };
  });
  await ctx.kv.set(resetKey(req.token), { ...link, usedAt: now }, { ttlMs: ttlUntil(ctx, new Date(link.expiresAt)) });
  await revokeOtherResetLinks(ctx, link.personId, digest(req.token), now);
  await record(ctx, personActor(link.personId), 'ameli.password_reset.password_changed', opts);
  return ok({ status: 'changed' });
}

/** Once the password changed through one link, the other links sent before it die. */
async function revokeOtherResetLinks(ctx: CoreContext, personId: string, usedDigest: string, now: string): Promise<void> {
  for (const d of await ctx.kv.range<string>(`reset-links:${personId}`)) {
    if (d === usedDigest) continue;
    const key = `reset:${d}`;
    const other = await ctx.kv.get<ResetLinkRecord>(key);
    if (other && !other.usedAt && !other.revokedAt && !isPast(ctx, other.expiresAt)) {
      await ctx.kv.set(key, { ...other, revokedAt: now }, { ttlMs: ttlUntil(ctx, new Date(other.expiresAt)) });
    }
  }
  await ctx.kv.delete(`reset-links:${personId}`);
}

export async function login(ctx: CoreContext, req: OperationInput<'login'>, opts?: CallOptions): Promise<Outcome<'login'>> {
  const person = await ctx.persons.byNir(req.nir);
  if (!person) return fail('bad_credentials', 'wrong NIR or password');
  if (person.ameli.status !== 'active' || !person.ameli.email) return fail('no_account', 'this person has no active compte ameli');
  if (person.ameli.password !== req.password) {
    await record(ctx, personActor(person.id), 'ameli.login.refused', opts);
    return fail('bad_credentials', 'wrong NIR or password');
  }
  // 000: "L'OTP est un mot de passe à usage unique, valable que pour une session. Il est envoyé à
  // chaque connexion au compte Ameli."
  const loginId = ctx.ids.random(16);
  const code = ctx.codes.digits(ONE_TIME_CODE_DIGITS);
  const now = ctx.clock.now();
  const expiresAt = addMinutes(now, LOGIN_OTP_MINUTES);
  const attempt: LoginRecord = { personId: person.id, codeDigest: digest(code), createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  await ctx.kv.set(`login:${loginId}`, attempt, { ttlMs: ttlUntil(ctx, expiresAt) });
  await ctx.outbox.send({ to: person.ameli.email, channel: 'email', ...messages.loginCode(code), code, sentAt: now.toISOString() });
  await record(ctx, personActor(person.id), 'ameli.login.code_sent', opts, { details: { validMinutes: LOGIN_OTP_MINUTES } });
  return ok({ otpSentTo: maskEmail(person.ameli.email), loginId });
}

export async function verifyLoginOtp(ctx: CoreContext, { loginId, code }: OperationInput<'verifyLoginOtp'>, opts?: CallOptions): Promise<Outcome<'verifyLoginOtp'>> {
  const key = `login:${loginId}`;
  const attempt = await ctx.kv.get<LoginRecord>(key);
  if (!attempt) return fail('unknown_login', 'no such login');
  if (attempt.usedAt) return fail('code_used', 'this security code was already used');
  if (isPast(ctx, attempt.expiresAt)) return fail('code_expired', `security codes are valid ${LOGIN_OTP_MINUTES} minutes`);
  const failures = (await ctx.kv.get<number>(`${key}:failures`)) ?? 0;
  if (failures >= LOGIN_OTP_MAX_ATTEMPTS) return fail('code_expired', 'too many wrong codes: log in again to get a new one');
  if (!sameSecret(code, attempt.codeDigest)) {
    const count = await ctx.kv.incr(`${key}:failures`, { ttlMs: ttlUntil(ctx, new Date(attempt.expiresAt)) });
    await record(ctx, personActor(attempt.personId), 'ameli.login.wrong_code', opts);
    return fail('wrong_code', 'wrong security code', { attemptsLeft: Math.max(0, LOGIN_OTP_MAX_ATTEMPTS - count) });
  }
  if (!(await ctx.kv.setIfAbsent(`${key}:claim`, true, { ttlMs: ttlUntil(ctx, new Date(attempt.expiresAt)) }))) {
    return fail('code_used', 'this security code was already used');
  }
  await ctx.kv.set(key, { ...attempt, usedAt: ctx.clock.now().toISOString() }, { ttlMs: ttlUntil(ctx, new Date(attempt.expiresAt)) });
  await record(ctx, personActor(attempt.personId), 'ameli.login.succeeded', opts);
  return ok({ status: 'logged_in' });
}

