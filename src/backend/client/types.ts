/**
 * What the assistant can ask of the Assurance Maladie's backend. The dialogs only see this
 * interface; the HTTP implementation talks to the real service or to the simulator
 * (src/backend/simulator), which implements the same HTTP API.
 *
 * Every call resolves to a BackendResult: expected refusals are values, not exceptions, so that
 * each dialog step can explain them. Only programming errors throw.
 */
import type { IdentifierRule, PasswordRule } from '../../domain/password-policy.js';

export type CardType = 'photo' | 'sans_photo';
export type Channel = 'email' | 'sms';
export type MesStatus = 'pending' | 'active' | 'opposed' | 'closed';

/** Errors every call may return. */
export type CommonError =
  | 'unavailable' // timeout, network error, 5xx after retries: "le service ne répond pas"
  | 'invalid_request' // 400: the assistant sent something malformed (a bug, logged)
  | 'rate_limited'; // 429

export interface BackendError<E extends string> {
  code: E | CommonError;
  /** Developer-facing explanation (never shown to users as is). */
  message: string;
  /** Names of the password / identifier rules that failed. */
  failedRules?: Array<PasswordRule | IdentifierRule>;
  attemptsLeft?: number;
  /** ISO date-time: until when a locked step stays locked. */
  lockedUntil?: string;
}

export type BackendResult<T, E extends string = never> = { ok: true; value: T } | { ok: false; error: BackendError<E> };

export interface CallOptions {
  /** Same key → same effect once (a double submit sends one e-mail). Defaults to a fresh key per call. */
  idempotencyKey?: string;
  /** Correlation id for logs (the conversation id). */
  requestId?: string;
}

// ---- Compte ameli ----------------------------------------------------------------------------

export interface CreateAccountRequest {
  lastName: string;
  /** 13 or 15 characters, no separators. */
  nir: string;
  /** ISO date "1985-03-12". */
  birthDate: string;
  postalCode: string;
  email: string;
}
export interface CreateAccountResponse {
  /** Masked address the activation e-mail went to ("i***@o***.fr"). */
  emailMasked: string;
  /** Minutes the activation link stays valid, if the backend says. */
  linkValidMinutes?: number;
}
export type CreateAccountError =
  | 'identity_mismatch' // no insured person with these details
  | 'already_exists'
  | 'dependant' // ayant droit: no personal compte ameli
  | 'nia' // provisional number (7/8): no compte ameli
  | 'ame'; // Aide médicale de l'État: no compte ameli

export interface PasswordResetRequest {
  nir: string;
  birthDate: string;
}
export interface PasswordResetResponse {
  emailMasked: string;
  /** 30 per the sources. */
  linkValidMinutes: number;
}
export type PasswordResetError = 'identity_mismatch' | 'no_account';

export type ResetLinkStatus = 'valid' | 'used' | 'expired' | 'unknown';

export interface SetPasswordRequest {
  token: string;
  newPassword: string;
}
export type SetPasswordError = 'link_expired' | 'link_used' | 'link_unknown' | 'password_policy';

export interface LoginRequest {
  nir: string;
  password: string;
}
export interface LoginResponse {
  /** A one-time security code was sent by e-mail. */
  otpSentTo: string;
  loginId: string;
}
export type LoginError = 'bad_credentials' | 'no_account';
export type VerifyOtpError = 'wrong_code' | 'code_expired' | 'code_used' | 'unknown_login';

// ---- Mon espace santé ------------------------------------------------------------------------

export interface MesIdentifyRequest {
  /** 12 characters. */
  provisionalCode: string;
  nir: string;
  birthDate: string;
  cardType: CardType;
  /** Serial number of the carte Vitale. */
  vitaleSerial: string;
}
export interface MesProfileSummary {
  id: string;
  firstName: string;
  status: MesStatus;
}
export interface MesIdentifyResponse {
  /** Opaque id of this enrolment session; every following MES call uses it. */
  enrolmentId: string;
  profile: MesProfileSummary;
  /** Dependants attached to the carte Vitale (children), with their status. */
  dependants: MesProfileSummary[];
  /** Contact details on file, masked; a channel is absent when the caisse has none. */
  contacts: { emailMasked?: string; phoneMasked?: string };
}
export type MesIdentifyError =
  | 'identification_failed' // the data does not match; the service does not say which field
  | 'code_expired' // provisional code older than 1 month
  | 'already_active'
  | 'no_contact'; // no e-mail nor phone came up from the caisse

export interface NewProvisionalCodeRequest {
  nir: string;
  birthDate: string;
  cardType: CardType;
  /** By e-mail or by post. */
  delivery: 'email' | 'post';
}
export interface NewProvisionalCodeResponse {
  delivery: 'email' | 'post';
  sentTo?: string;
  /** Exact number of days until the new code expires (1 calendar month: 28 to 31). */
  validDays?: number;
  /** 1 per the sources ("Ce code est valable 1 mois"). */
  validMonths?: number;
}
export type NewProvisionalCodeError =
  | 'identification_failed'
  | 'already_active'
  | 'no_contact'; // delivery by e-mail asked, but no e-mail address on file: offer the post

export interface AccessCodeResponse {
  channel: Channel;
  sentTo: string;
  /** ISO date-time; 15 minutes after sending per the sources. */
  expiresAt: string;
}
export type SendAccessCodeError = 'unknown_enrolment' | 'no_contact' | 'locked';
export type VerifyAccessCodeError = 'unknown_enrolment' | 'wrong_code' | 'code_expired' | 'locked' | 'no_code';

export interface ActivateRequest {
  identifier: string;
  password: string;
}
export type ActivateError =
  | 'unknown_enrolment'
  | 'not_verified'
  | 'identifier_invalid'
  | 'identifier_taken'
  | 'password_policy'
  | 'already_active'; // this session already activated the profile (a second submit)
export type OpposeError = 'unknown_enrolment' | 'not_verified' | 'not_pending';
export type DependantDecisionError = 'unknown_enrolment' | 'not_verified' | 'unknown_dependant' | 'not_pending';

export interface CloseRequest {
  identifier: string;
  password: string;
  /** Download a copy of the data first (a link is sent by e-mail). */
  exportData: boolean;
  /** Delete the data permanently. */
  deleteData: boolean;
}
export interface CloseResponse {
  status: 'closed';
  exportSentTo?: string;
}
export type CloseError = 'bad_credentials' | 'not_active';

export interface BackendClient {
  // compte ameli
  createAccount(req: CreateAccountRequest, opts?: CallOptions): Promise<BackendResult<CreateAccountResponse, CreateAccountError>>;
  requestPasswordReset(req: PasswordResetRequest, opts?: CallOptions): Promise<BackendResult<PasswordResetResponse, PasswordResetError>>;
  resetLinkStatus(token: string, opts?: CallOptions): Promise<BackendResult<{ status: ResetLinkStatus; expiresAt?: string }>>;
  setNewPassword(req: SetPasswordRequest, opts?: CallOptions): Promise<BackendResult<{ status: 'changed' }, SetPasswordError>>;
  login(req: LoginRequest, opts?: CallOptions): Promise<BackendResult<LoginResponse, LoginError>>;
  verifyLoginOtp(loginId: string, code: string, opts?: CallOptions): Promise<BackendResult<{ status: 'logged_in' }, VerifyOtpError>>;

  // Mon espace santé
  mesIdentify(req: MesIdentifyRequest, opts?: CallOptions): Promise<BackendResult<MesIdentifyResponse, MesIdentifyError>>;
  mesNewProvisionalCode(req: NewProvisionalCodeRequest, opts?: CallOptions): Promise<BackendResult<NewProvisionalCodeResponse, NewProvisionalCodeError>>;
  mesSendAccessCode(enrolmentId: string, channel: Channel, opts?: CallOptions): Promise<BackendResult<AccessCodeResponse, SendAccessCodeError>>;
  mesVerifyAccessCode(enrolmentId: string, code: string, opts?: CallOptions): Promise<BackendResult<{ status: 'verified' }, VerifyAccessCodeError>>;
  mesActivate(enrolmentId: string, req: ActivateRequest, opts?: CallOptions): Promise<BackendResult<{ profile: MesProfileSummary; dependants: MesProfileSummary[] }, ActivateError>>;
  mesOppose(enrolmentId: string, opts?: CallOptions): Promise<BackendResult<{ profile: MesProfileSummary; dependants: MesProfileSummary[] }, OpposeError>>;
  mesDependantDecision(enrolmentId: string, dependantId: string, decision: 'activate' | 'oppose', opts?: CallOptions): Promise<BackendResult<{ dependant: MesProfileSummary }, DependantDecisionError>>;
  mesClose(req: CloseRequest, opts?: CallOptions): Promise<BackendResult<CloseResponse, CloseError>>;
}
