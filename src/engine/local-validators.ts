/**
 * Validators for answers the NLU has no entity for: a last name, the one-time access code, the
 * Mon espace santé identifier and passwords. They follow the NLU's Validator shape and reason-code
 * style, so a step does not care where its validator comes from.
 */
import {
  AMELI_PASSWORD_RULES,
  checkAmeliPassword,
  checkMesIdentifier,
  checkMesPassword,
  MES_IDENTIFIER_RULES,
  MES_PASSWORD_RULES,
} from '../domain/password-policy.js';
import type { Validation, Validator } from '../nlu/types.js';

/** Letters (any script), spaces, hyphens and apostrophes: "Le Guellec", "N'Diaye", "Dupont-Moreau". */
const NAME = /^[\p{L}][\p{L}\s'’-]*$/u;
const NAME_MAX = 60;

export const lastNameValidator: Validator = (text): Validation => {
  const value = text.trim().replace(/\s+/g, ' ');
  if (!value) return { ok: false, reason: 'empty' };
  if (value.length > NAME_MAX) return { ok: false, reason: 'too_long', details: { max: NAME_MAX } };
  if (!NAME.test(value)) return { ok: false, reason: 'invalid_characters' };
  return { ok: true, value };
};

/**
 * The one-time access code of Mon espace santé. The sources show it as six digits ("Ex: 034567",
 * source 000); people often type it with spaces.
 */
export const ACCESS_CODE_LENGTH = 6;

/**
 * The runs of digits in a sentence, a space, dot or hyphen between digits joining them ("12 34 56"):
 * one scan, no pattern.
 */
function digitRuns(text: string): string[] {
  const runs: string[] = [];
  let run = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c >= '0' && c <= '9') run += c;
    else if (run && (c === ' ' || c === '.' || c === '-') && /\d/.test(text[i + 1] ?? '')) continue;
    else if (run) {
      runs.push(run);
      run = '';
    }
  }
  if (run) runs.push(run);
  return runs;
}

export const accessCodeValidator: Validator = (text): Validation => {
  let value = text.replace(/[\s.-]/g, '');
  if (!value) return { ok: false, reason: 'empty' };
  if (!/^\d+$/.test(value)) {
    // "le code c'est 123456": the one run of digits in a sentence is the code.
    const runs = digitRuns(text);
    if (runs.length !== 1) return { ok: false, reason: 'not_digits' };
    value = runs[0]!;
  }
  if (value.length !== ACCESS_CODE_LENGTH) {
    return { ok: false, reason: 'wrong_length', details: { length: value.length, expected: ACCESS_CODE_LENGTH } };
  }
  return { ok: true, value };
};

function rulesValidator(check: (value: string) => string[]): Validator {
  return (text): Validation => {
    // Passwords are taken as typed: a leading or trailing space may be part of them.
    const value = text.replace(/\r?\n/g, '');
    if (!value.trim()) return { ok: false, reason: 'empty' };
    const failed = check(value);
    if (failed.length > 0) return { ok: false, reason: 'rules', details: { failed: failed.join(','), count: failed.length } };
    return { ok: true, value };
  };
}

export const mesIdentifierValidator: Validator = (text, context) => {
  const value = text.trim();
  // "c'est nicolas.petit44": the one word of the sentence that can be an identifier is it.
  const words = value.split(/\s+/);
  if (words.length > 1) {
    const fitting = words.filter((w) => checkMesIdentifier(w).length === 0);
    if (fitting.length === 1) return { ok: true, value: fitting[0]! };
  }
  const result = rulesValidator(checkMesIdentifier)(value, context);
  return result.ok ? { ok: true, value } : result;
};
export const mesPasswordValidator: Validator = rulesValidator(checkMesPassword);
export const ameliPasswordValidator: Validator = rulesValidator(checkAmeliPassword);

/** An existing password, to confirm an action: only its presence is checked here. */
export const passwordValidator: Validator = (text): Validation => {
  const value = text.replace(/\r?\n/g, '');
  return value.trim() ? { ok: true, value } : { ok: false, reason: 'empty' };
};

export const freeTextValidator: Validator = (text): Validation => {
  const value = text.trim();
  return value ? { ok: true, value } : { ok: false, reason: 'empty' };
};

/** The rules each policy validator names when it refuses, from src/domain: assistant.json labels each one. */
export const POLICY_RULES: Readonly<Record<string, readonly string[]>> = {
  mes_password: MES_PASSWORD_RULES,
  ameli_password: AMELI_PASSWORD_RULES,
  mes_identifier: MES_IDENTIFIER_RULES,
};

/** Engine validators by name; an NLU validator of the same name takes precedence. */
export const LOCAL_VALIDATORS: Readonly<Record<string, Validator>> = {
  last_name: lastNameValidator,
  access_code: accessCodeValidator,
  mes_identifier: mesIdentifierValidator,
  mes_password: mesPasswordValidator,
  ameli_password: ameliPasswordValidator,
  password: passwordValidator,
  free_text: freeTextValidator,
};

/** Answers that are credentials: a step asking for one must be marked `secret`. */
export const SECRET_ENTITIES: ReadonlySet<string> = new Set(['access_code', 'mes_password', 'ameli_password', 'password', 'provisional_code']);
