/**
 * Every delay and limit the simulator applies, with where it comes from. Figures from the sources
 * are marked with their file; the others are the project's choices where the sources are silent
 * (README, "Simulated backend").
 */
import { MINUTE_MS } from '../../shared/clock.js';

/** 003: "le lien de réinitialisation contenu dans le mail est valable 30 minutes". */
export const RESET_LINK_MINUTES = 30;
/** 000/004: "Ce code n'est valable que 15 min" (access code by e-mail or SMS). */
export const ACCESS_CODE_MINUTES = 15;
/** 004: "JE REÇOIS UN CODE PROVISOIRE PAR EMAIL OU COURRIER (CE CODE EST VALABLE 1 MOIS)". */
export const PROVISIONAL_CODE_MONTHS = 1;
/** 000: "Un code provisoire reçu par courriel et/ou par courrier postal (12 caractères)". */
export const PROVISIONAL_CODE_LENGTH = 12;
/** Defaults of SIM_ACCESS_CODE_MAX_ATTEMPTS and SIM_ACCESS_CODE_LOCK_MINUTES (issue 3). */
export const DEFAULT_ACCESS_CODE_MAX_ATTEMPTS = 5;
export const DEFAULT_ACCESS_CODE_LOCK_MINUTES = 15;

// ---- Choices (the sources are silent) ---------------------------------------------------------
/** Activation link of a new compte ameli. */
export const ACTIVATION_LINK_MINUTES = 24 * 60;
/** Login security code (OTP): 000 only says it is valid for one session. */
export const LOGIN_OTP_MINUTES = 10;
/** Wrong login security codes before the login has to start over. */
export const LOGIN_OTP_MAX_ATTEMPTS = 5;
/** Digits of the login security code and of the access code (000 shows "Ex: 034567"). */
export const ONE_TIME_CODE_DIGITS = 6;
/** An enrolment session (identification → access code → decision). */
export const ENROLMENT_MINUTES = 60;
/** Download link of the data exported at closure. */
export const EXPORT_LINK_DAYS = 7;
/**
 * Records of links and codes are kept this long after they expire, so that a late click gets
 * "expired" (410) instead of "unknown" (404); the store's TTL is the expiry plus this.
 */
export const RETENTION_MS = 24 * 60 * MINUTE_MS;
/** A repeated request with the same Idempotency-Key within this time replays the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * MINUTE_MS;
/** Outbox and audit lists expire this long after their last entry. */
export const LOG_TTL_MS = 30 * 24 * 60 * MINUTE_MS;

/** The same day of the next month, clamped to its last day (31 January → 28 or 29 February). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * MINUTE_MS);
}
