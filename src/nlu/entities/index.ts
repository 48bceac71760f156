import type { Lexicon } from '../data/types.js';
import type { Normalizer } from '../text/normalize.js';
import type { EntityType, Validator } from '../types.js';
import { answerValidator, createAnswerMatcher } from './answers.js';
import { validateBirthDate } from './birth-date.js';
import { validateEmail } from './email.js';
import { validateNir } from './nir.js';
import { validatePhone } from './phone.js';
import { validateDepartement, validatePostalCode } from './postal-code.js';
import { validateProvisionalCode } from './provisional-code.js';
import { validateVitaleSerial } from './vitale-serial.js';

export { answerEntities, createAnswerMatcher, type AnswerKind, type AnswerMatch, type AnswerMatcher, type AnswerReading } from './answers.js';
export { extractBirthDates, MAX_AGE_YEARS, validateBirthDate } from './birth-date.js';
export { extractEmails, validateEmail } from './email.js';
export { ENTITY_PRIORITY, extractEntities, extractValueEntities, resolveOverlaps } from './extract.js';
export { extractNirs, validateNir, type NirOptions } from './nir.js';
export { extractPhones, validatePhone } from './phone.js';
export { departementOfPostalCode, extractDepartements, extractPostalCodes, normaliseDepartement, validateDepartement, validatePostalCode } from './postal-code.js';
export { extractProvisionalCodes, PROVISIONAL_CODE_LENGTH, validateProvisionalCode } from './provisional-code.js';
export { extractVitaleSerials, validateVitaleSerial, VITALE_SERIAL_LENGTH } from './vitale-serial.js';

export type ValidatorSet = Record<EntityType, Validator>;

/**
 * One validator per entity type, for the dialogs' steps. The short answers (yes/no, e-mail or SMS,
 * card type) read the lexicon's phrases; pass the NLU's normaliser so that typos are repaired the
 * same way as in `parse`.
 */
export function createValidators(lexicon: Lexicon, normalizer?: Normalizer): ValidatorSet {
  const answers = createAnswerMatcher(lexicon, normalizer);
  return {
    nir: (text, context) => validateNir(text, context),
    birth_date: validateBirthDate,
    postal_code: validatePostalCode,
    departement: validateDepartement,
    email: validateEmail,
    phone: validatePhone,
    provisional_code: validateProvisionalCode,
    vitale_serial: validateVitaleSerial,
    yes_no: answerValidator(answers, 'yes_no'),
    email_or_sms: answerValidator(answers, 'email_or_sms'),
    card_type: answerValidator(answers, 'card_type'),
  };
}
