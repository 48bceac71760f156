/**
 * Mon espace santé: identification (provisional code, NIR, birth date, carte Vitale), new
 * provisional code, access code by e-mail or SMS with a per-person lockout, then the decision
 * (activate with identifier and password, or oppose), the children's profiles one by one, and the
 * closure of an active profile.
 */
import { checkMesIdentifier, checkMesPassword } from '../../../domain/password-policy.js';
import { maskEmail, maskPhone } from '../../../shared/redact.js';
import type { CallOptions, MesProfileSummary, OperationInput, OperationOutput } from '../../api-schemas/index.js';
import {
  ACCESS_CODE_MINUTES,
  addMinutes,
  addMonths,
  ENROLMENT_MINUTES,
  EXPORT_LINK_DAYS,
  ONE_TIME_CODE_DIGITS,
  PROVISIONAL_CODE_LENGTH,
  PROVISIONAL_CODE_MONTHS,
} from '../rules.js';
import type { EnrolmentRecord, ExportLinkRecord, PersonRecord } from '../store/records.js';
import { digest, sameSecret } from '../store/secrets.js';
import { fail, isPast, ok, personActor, record, ttlUntil, type CoreContext, type Failure, type Outcome } from './context.js';
import { messages } from './messages.js';

const DAY_MS = 86_400_000;
const enrolmentKey = (id: string) => `enrolment:${id}`;
const profileSubject = (id: string) => `profile:${id}`;

function summary(p: PersonRecord): MesProfileSummary {
  return { id: p.id, firstName: p.firstName, status: p.mes.status };
}

async function dependantsOf(ctx: CoreContext, holder: PersonRecord): Promise<PersonRecord[]> {
  const found = await Promise.all(holder.dependantIds.map((id) => ctx.persons.get(id)));
  return found.filter((p): p is PersonRecord => p !== undefined);
}

/** The last 11 digits are the serial (000: "Le numéro de série de la carte vitale (11 derniers chiffres)"). */
function sameSerial(typed: string, serial: string): boolean {
  const digits = typed.replace(/\D/g, '');
  return digits.length >= serial.length && digits.slice(-serial.length) === serial;
}

/**
 * The carte Vitale holder, then the profile chosen by birth date: the holder's own, or a child's
 * (004: "Si la demande me concerne, je saisis ma date de naissance. Si cela concerne mon enfant,
 * j'indique sa date de naissance").
 */
async function findProfile(
  ctx: CoreContext,
  req: { nir: string; birthDate: string; cardType: string; vitaleSerial?: string },
): Promise<{ holder: PersonRecord; profile: PersonRecord } | undefined> {
  const holder = await ctx.persons.byNir(req.nir);
  if (!holder?.card || holder.nir !== req.nir || holder.card.type !== req.cardType) return undefined;
  if (req.vitaleSerial !== undefined && !sameSerial(req.vitaleSerial, holder.card.serial)) return undefined;
  if (holder.birthDate === req.birthDate) return { holder, profile: holder };
  const child = (await dependantsOf(ctx, holder)).find((d) => d.birthDate === req.birthDate);
  return child ? { holder, profile: child } : undefined;
}

function contactsOf(holder: PersonRecord): OperationOutput<'mesIdentify'>['contacts'] {
  return {
    ...(holder.email ? { emailMasked: maskEmail(holder.email) } : {}),
    ...(holder.phone ? { phoneMasked: maskPhone(holder.phone) } : {}),
  };
}

export async function identify(ctx: CoreContext, req: OperationInput<'mesIdentify'>, opts?: CallOptions): Promise<Outcome<'mesIdentify'>> {
  // One answer for every wrong field: the service does not say which one is wrong.
  const failed = fail('identification_failed', 'the details do not match a profile');
  const found = await findProfile(ctx, req);
  if (!found) return failed;
  const { holder, profile } = found;
  if (profile.mes.status === 'active') return fail('already_active', 'this profile is already active: log in with the identifier and password');
  if (!profile.mes.codeUsable || req.provisionalCode.toUpperCase() !== profile.mes.provisionalCode.toUpperCase()) return failed;
  if (isPast(ctx, profile.mes.codeExpiresAt)) return fail('code_expired', `provisional codes are valid ${PROVISIONAL_CODE_MONTHS} month`);
  if (!holder.email && !holder.phone) return fail('no_contact', 'no e-mail address nor mobile number came up from the caisse');

  const now = ctx.clock.now();
  const expiresAt = addMinutes(now, ENROLMENT_MINUTES);
  const enrolment: EnrolmentRecord = {
    id: ctx.ids.random(16),
    holderId: holder.id,
    profileId: profile.id,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    verified: false,
  };
  await ctx.kv.set(enrolmentKey(enrolment.id), enrolment, { ttlMs: ttlUntil(ctx, expiresAt) });
  await record(ctx, personActor(holder.id), 'mes.enrolment.identified', opts, { subject: profileSubject(profile.id) });
  return ok({
    enrolmentId: enrolment.id,
    profile: summary(profile),
    dependants: profile === holder ? (await dependantsOf(ctx, holder)).map(summary) : [],
    contacts: contactsOf(holder),
  });
}

export async function newProvisionalCode(ctx: CoreContext, req: OperationInput<'mesNewProvisionalCode'>, opts?: CallOptions): Promise<Outcome<'mesNewProvisionalCode'>> {
  const found = await findProfile(ctx, req);
  if (!found) return fail('identification_failed', 'the details do not match a profile');
  const { holder, profile } = found;
  if (profile.mes.status === 'active') return fail('already_active', 'this profile is already active');
  if (req.delivery === 'email' && !holder.email) return fail('no_contact', 'no e-mail address on file: the code can be sent by post');

  const code = ctx.codes.alphanumeric(PROVISIONAL_CODE_LENGTH);
  const now = ctx.clock.now();
  const expiresAt = addMonths(now, PROVISIONAL_CODE_MONTHS);
  await ctx.persons.update(profile.id, (p) => {
    p.mes = { ...p.mes, provisionalCode: code, codeIssuedAt: now.toISOString(), codeExpiresAt: expiresAt.toISOString(), codeUsable: true };
  });
  if (req.delivery === 'email' && holder.email) {
    await ctx.outbox.send({ to: holder.email, channel: 'email', ...messages.provisionalCode(profile.firstName, profile.lastName, code), code, sentAt: now.toISOString() });
  }
  await record(ctx, personActor(holder.id), 'mes.provisional_code.sent', opts, { subject: profileSubject(profile.id), details: { delivery: req.delivery } });
  const validDays = Math.round((expiresAt.getTime() - now.getTime()) / DAY_MS);
  return ok({
    delivery: req.delivery,
    ...(req.delivery === 'email' && holder.email ? { sentTo: maskEmail(holder.email) } : {}),
    validDays,
    validMonths: PROVISIONAL_CODE_MONTHS,
  });
}

async function liveEnrolment(ctx: CoreContext, id: string): Promise<EnrolmentRecord | undefined> {
  const enrolment = await ctx.kv.get<EnrolmentRecord>(enrolmentKey(id));
  return enrolment && !isPast(ctx, enrolment.expiresAt) ? enrolment : undefined;
}

const unknownEnrolment = () => fail('unknown_enrolment', `no such enrolment session (they last ${ENROLMENT_MINUTES} minutes)`);

async function saveEnrolment(ctx: CoreContext, enrolment: EnrolmentRecord): Promise<void> {
  await ctx.kv.set(enrolmentKey(enrolment.id), enrolment, { ttlMs: ttlUntil(ctx, new Date(enrolment.expiresAt)) });
}

async function lockedFailure(ctx: CoreContext, holderId: string): Promise<Failure<'locked'> | undefined> {
  const until = await ctx.lockout.lockedUntil(holderId);
  return until ? fail('locked', 'too many wrong access codes: the step is locked', { lockedUntil: until.toISOString(), attemptsLeft: 0 }) : undefined;
}

export async function sendAccessCode(ctx: CoreContext, { enrolmentId, channel }: OperationInput<'mesSendAccessCode'>, opts?: CallOptions): Promise<Outcome<'mesSendAccessCode'>> {
  const enrolment = await liveEnrolment(ctx, enrolmentId);
  if (!enrolment) return unknownEnrolment();
  const locked = await lockedFailure(ctx, enrolment.holderId);
  if (locked) return locked;
  const holder = await ctx.persons.get(enrolment.holderId);
  const to = channel === 'email' ? holder?.email : holder?.phone;
  if (!to) return fail('no_contact', channel === 'email' ? 'no e-mail address on file' : 'no mobile number on file');

  // A new code replaces the previous one ("Envoyer à nouveau le code ou choisir un autre mode d'envoi").
  const code = ctx.codes.digits(ONE_TIME_CODE_DIGITS);
  const now = ctx.clock.now();
  const expiresAt = addMinutes(now, ACCESS_CODE_MINUTES);
  await saveEnrolment(ctx, { ...enrolment, accessCode: { digest: digest(code), channel, sentAt: now.toISOString(), expiresAt: expiresAt.toISOString() } });
  const text = channel === 'email' ? messages.accessCodeEmail(code) : messages.accessCodeSms(code);
  await ctx.outbox.send({ to, channel, ...text, code, sentAt: now.toISOString() });
  await record(ctx, personActor(enrolment.holderId), 'mes.access_code.sent', opts, { details: { channel } });
  return ok({ channel, sentTo: channel === 'email' ? maskEmail(to) : maskPhone(to), expiresAt: expiresAt.toISOString() });
}

export async function verifyAccessCode(ctx: CoreContext, { enrolmentId, code }: OperationInput<'mesVerifyAccessCode'>, opts?: CallOptions): Promise<Outcome<'mesVerifyAccessCode'>> {
  const enrolment = await liveEnrolment(ctx, enrolmentId);
  if (!enrolment) return unknownEnrolment();
  if (enrolment.verified) return ok({ status: 'verified' });
  const locked = await lockedFailure(ctx, enrolment.holderId);
  if (locked) return locked;
  const sent = enrolment.accessCode;
  if (!sent) return fail('no_code', 'no access code was sent in this session');
  if (isPast(ctx, sent.expiresAt)) return fail('code_expired', `access codes are valid ${ACCESS_CODE_MINUTES} minutes`);
  if (!sameSecret(code, sent.digest)) {
    const outcome = await ctx.lockout.recordFailure(enrolment.holderId);
    if (outcome.locked) {
      await record(ctx, personActor(enrolment.holderId), 'mes.access_code.locked', opts, { details: { until: outcome.until.toISOString() } });
      return fail('locked', 'too many wrong access codes: the step is locked', { lockedUntil: outcome.until.toISOString(), attemptsLeft: 0 });
    }
    await record(ctx, personActor(enrolment.holderId), 'mes.access_code.wrong', opts, { details: { attemptsLeft: outcome.attemptsLeft } });
    return fail('wrong_code', 'wrong access code', { attemptsLeft: outcome.attemptsLeft });
  }
  const { accessCode: _used, ...rest } = enrolment;
  await saveEnrolment(ctx, { ...rest, verified: true });
  await ctx.lockout.recordSuccess(enrolment.holderId);
  await record(ctx, personActor(enrolment.holderId), 'mes.access_code.verified', opts);
  return ok({ status: 'verified' });
}

type Verified = { enrolment: EnrolmentRecord; holder: PersonRecord; profile: PersonRecord };

/**
 * The session of an identified person. Activating needs the access code checked as well; opposing
 * does not: the sources go from the identification straight to the decision (000: "Étape 1 :
 * identification", "Étape 2 : Décision"; 004: « Je m'identifie », then « Je m'oppose à la création
 * de Mon espace santé »), the provisional code being the proof of the letter received.
 */
async function verifiedSession(ctx: CoreContext, enrolmentId: string, needs: 'access_code' | 'identification' = 'access_code'): Promise<Verified | Failure<'unknown_enrolment' | 'not_verified'>> {
  const enrolment = await liveEnrolment(ctx, enrolmentId);
  if (!enrolment) return unknownEnrolment();
  if (needs === 'access_code' && !enrolment.verified) return fail('not_verified', 'the access code of this session was not checked');
  const [holder, profile] = await Promise.all([ctx.persons.get(enrolment.holderId), ctx.persons.get(enrolment.profileId)]);
  if (!holder || !profile) return unknownEnrolment();
  return { enrolment, holder, profile };
}

async function decisionResult(ctx: CoreContext, session: Verified, profile: PersonRecord) {
  return ok({ profile: summary(profile), dependants: profile.id === session.holder.id ? (await dependantsOf(ctx, session.holder)).map(summary) : [] });
}

export async function activate(ctx: CoreContext, req: OperationInput<'mesActivate'>, opts?: CallOptions): Promise<Outcome<'mesActivate'>> {
  const session = await verifiedSession(ctx, req.enrolmentId);
  if ('ok' in session) return session;
  if (session.profile.mes.status === 'active') return fail('already_active', 'this profile is already active');
  // The identifier is checked first; its rules and the password's share names (min_length).
  const identifierRules = checkMesIdentifier(req.identifier);
  if (identifierRules.length > 0) return fail('identifier_invalid', 'the identifier breaks a rule', { failedRules: identifierRules });
  const passwordRules = checkMesPassword(req.password);
  if (passwordRules.length > 0) return fail('password_policy', 'the password breaks a rule', { failedRules: passwordRules });
  const identifier = req.identifier.trim();
  if (!(await ctx.persons.claimIdentifier(identifier, session.profile.id))) return fail('identifier_taken', 'this identifier is already used');

  const profile = await ctx.persons.update(session.profile.id, (p) => {
    p.mes = { ...p.mes, status: 'active', identifier, password: req.password, codeUsable: false };
  });
  await record(ctx, personActor(session.holder.id), 'mes.profile.activated', opts, { subject: profileSubject(profile.id) });
  return decisionResult(ctx, session, profile);
}

export async function oppose(ctx: CoreContext, { enrolmentId }: OperationInput<'mesOppose'>, opts?: CallOptions): Promise<Outcome<'mesOppose'>> {
  const session = await verifiedSession(ctx, enrolmentId, 'identification');
  if ('ok' in session) return session;
  if (session.profile.mes.status !== 'pending') return fail('not_pending', 'only a profile awaiting a decision can be opposed');
  // 004: "Vous pourrez à tout moment changer d'avis et ouvrir plus tard votre accès": a new
  // provisional code will be needed, this one served its purpose.
  const profile = await ctx.persons.update(session.profile.id, (p) => {
    p.mes = { ...p.mes, status: 'opposed', codeUsable: false };
  });
  await record(ctx, personActor(session.holder.id), 'mes.profile.opposed', opts, { subject: profileSubject(profile.id) });
  return decisionResult(ctx, session, profile);
}

export async function dependantDecision(
  ctx: CoreContext,
  { enrolmentId, dependantId, decision }: OperationInput<'mesDependantDecision'>,
  opts?: CallOptions,
): Promise<Outcome<'mesDependantDecision'>> {
  const session = await verifiedSession(ctx, enrolmentId, decision === 'oppose' ? 'identification' : 'access_code');
  if ('ok' in session) return session;
  if (session.profile.id !== session.holder.id || !session.holder.dependantIds.includes(dependantId)) {
    return fail('unknown_dependant', 'no such dependant on this carte Vitale');
  }
  const child = await ctx.persons.get(dependantId);
  if (!child) return fail('unknown_dependant', 'no such dependant on this carte Vitale');
  // 002: "Il est à tout moment possible de choisir de clôturer ou d'activer le compte Mon espace
  // santé d'un enfant": activation from any state but active; opposition only while pending.
  const allowed = decision === 'activate' ? child.mes.status !== 'active' : child.mes.status === 'pending';
  if (!allowed) return fail('not_pending', decision === 'activate' ? 'this profile is already active' : 'only a profile awaiting a decision can be opposed');
  const updated = await ctx.persons.update(dependantId, (p) => {
    p.mes = { ...p.mes, status: decision === 'activate' ? 'active' : 'opposed', codeUsable: false };
  });
  await record(ctx, personActor(session.holder.id), decision === 'activate' ? 'mes.dependant.activated' : 'mes.dependant.opposed', opts, {
    subject: profileSubject(dependantId),
  });
  return ok({ dependant: summary(updated) });
}

export async function close(ctx: CoreContext, req: OperationInput<'mesClose'>, opts?: CallOptions): Promise<Outcome<'mesClose'>> {
  const profileId = await ctx.persons.profileIdByIdentifier(req.identifier);
  const profile = profileId ? await ctx.persons.get(profileId) : undefined;
  // 002: "le site [...] demande le mot de passe pour s'assurer de la volonté de clôture du compte".
  if (!profile || profile.mes.password !== req.password) {
    if (profile) await record(ctx, personActor(profile.id), 'mes.closure.refused', opts);
    return fail('bad_credentials', 'wrong identifier or password');
  }
  if (profile.mes.status !== 'active') return fail('not_active', 'only an active profile can be closed');
  const holder = (profile.holderId && !profile.card ? await ctx.persons.get(profile.holderId) : undefined) ?? profile;
  const now = ctx.clock.now();

  // The copy is made before any deletion (002: first box "télécharger", second box "supprimer").
  let exportSentTo: string | undefined;
  if (req.exportData) {
    const token = ctx.ids.random(32);
    const expiresAt = new Date(now.getTime() + EXPORT_LINK_DAYS * DAY_MS);
    const content = {
      profile: { firstName: profile.firstName, lastName: profile.lastName, birthDate: profile.birthDate },
      documents: profile.mes.documents,
      exportedAt: now.toISOString(),
    };
    const link: ExportLinkRecord = { profileId: profile.id, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), content };
    await ctx.kv.set(`export:${digest(token)}`, link, { ttlMs: ttlUntil(ctx, expiresAt) });
    const url = `${ctx.publicUrl()}/links/export/${token}`;
    const to = holder.email ?? holder.phone;
    if (to) {
      const text = holder.email ? messages.dataExport(profile.firstName, url) : messages.dataExportSms(url);
      await ctx.outbox.send({ to, channel: holder.email ? 'email' : 'sms', ...text, link: url, sentAt: now.toISOString() });
      exportSentTo = holder.email ? maskEmail(holder.email) : maskPhone(to);
    }
  }
  const updated = await ctx.persons.update(profile.id, (p) => {
    p.mes = { ...p.mes, status: 'closed', codeUsable: false, ...(req.deleteData ? { documents: [], dataDeleted: true } : {}) };
  });
  await record(ctx, personActor(holder.id), 'mes.profile.closed', opts, {
    subject: profileSubject(updated.id),
    details: { exportData: req.exportData, deleteData: req.deleteData },
  });
  return ok({ status: 'closed', ...(exportSentTo ? { exportSentTo } : {}) });
}

export type ExportOutcome = { kind: 'ok'; content: Record<string, unknown> } | { kind: 'expired' } | { kind: 'unknown' };

export async function readExport(ctx: CoreContext, token: string): Promise<ExportOutcome> {
  const link = await ctx.kv.get<ExportLinkRecord>(`export:${digest(token)}`);
  if (!link) return { kind: 'unknown' };
  if (isPast(ctx, link.expiresAt)) return { kind: 'expired' };
  return { kind: 'ok', content: link.content };
}
