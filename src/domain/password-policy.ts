/**
 * Password and identifier rules, as the sources state them. Each check names every rule that
 * fails, in a stable order, so that the dialogs can say which ones are missing.
 *
 * - Compte ameli (source 003 and 004): "au minimum une majuscule, une minuscule et, au choix, un
 *   chiffre ou un caractère spécial". The sources give no length; the project chose 8 to 50
 *   characters (documented in README) — see AMELI_PASSWORD_LENGTH.
 * - Mon espace santé (sources 000 and 004): "8 caractères minimum, 1 majuscule, 1 minuscule,
 *   1 caractère spécial, 1 chiffre"; identifier "Minimum 8 caractères", "ne peut pas être une
 *   adresse e-mail".
 */

/**
 * The rules of each policy, in the order its check names the failing ones. The dialogs name each
 * rule in dialogs/assistant.json (`ruleLabels`), and the loader checks every one here has a name.
 */
export const AMELI_PASSWORD_RULES = ['min_length', 'max_length', 'uppercase', 'lowercase', 'digit_or_special'] as const;
export const MES_PASSWORD_RULES = ['min_length', 'uppercase', 'lowercase', 'special', 'digit'] as const;
export const MES_IDENTIFIER_RULES = ['min_length', 'not_email'] as const;

export type AmeliPasswordRule = (typeof AMELI_PASSWORD_RULES)[number];
export type MesPasswordRule = (typeof MES_PASSWORD_RULES)[number];
export type PasswordRule = AmeliPasswordRule | MesPasswordRule;
export type IdentifierRule = (typeof MES_IDENTIFIER_RULES)[number];

/** Project choice where the sources are silent (they state no length for the compte ameli). */
export const AMELI_PASSWORD_LENGTH = { min: 8, max: 50 } as const;
export const MES_PASSWORD_MIN_LENGTH = 8;
export const MES_IDENTIFIER_MIN_LENGTH = 8;

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\d/;
const SPECIAL = /[^\p{L}\p{N}\s]/u;

export function checkAmeliPassword(password: string): AmeliPasswordRule[] {
  const failed: AmeliPasswordRule[] = [];
  const length = [...password].length;
  if (length < AMELI_PASSWORD_LENGTH.min) failed.push('min_length');
  if (length > AMELI_PASSWORD_LENGTH.max) failed.push('max_length');
  if (!UPPER.test(password)) failed.push('uppercase');
  if (!LOWER.test(password)) failed.push('lowercase');
  if (!DIGIT.test(password) && !SPECIAL.test(password)) failed.push('digit_or_special');
  return failed;
}

export function checkMesPassword(password: string): MesPasswordRule[] {
  const failed: MesPasswordRule[] = [];
  if ([...password].length < MES_PASSWORD_MIN_LENGTH) failed.push('min_length');
  if (!UPPER.test(password)) failed.push('uppercase');
  if (!LOWER.test(password)) failed.push('lowercase');
  if (!SPECIAL.test(password)) failed.push('special');
  if (!DIGIT.test(password)) failed.push('digit');
  return failed;
}

export function checkMesIdentifier(identifier: string): IdentifierRule[] {
  const failed: IdentifierRule[] = [];
  if ([...identifier.trim()].length < MES_IDENTIFIER_MIN_LENGTH) failed.push('min_length');
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(identifier.trim())) failed.push('not_email');
  return failed;
}
