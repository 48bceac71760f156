/**
 * The NLU's public types. The engine and the HTTP API (`POST /api/nlu/parse`) only use these.
 * Intent names come from ../shared/contract/intents.json (a finer intent may be named
 * "<contract name>.<detail>", which counts as its parent).
 */

export type Language = 'fr' | 'en';

export type EntityType =
  | 'nir'
  | 'birth_date'
  | 'postal_code'
  | 'departement'
  | 'email'
  | 'phone'
  | 'provisional_code'
  | 'vitale_serial'
  | 'yes_no'
  | 'email_or_sms'
  | 'card_type';

export interface Entity {
  type: EntityType;
  /**
   * Normalised value: nir → 13 or 15 characters without separators ("185057800608436");
   * birth_date → ISO "1985-03-12"; phone → "+33612345678"; yes_no → "yes" | "no";
   * email_or_sms → "email" | "sms"; card_type → "photo" | "sans_photo".
   */
  value: string;
  start: number;
  end: number;
  /** False when the value has the right shape but fails a check (e.g. a NIR whose key is wrong). */
  valid?: boolean;
  /** Why it is not valid (same codes as the validators', e.g. "key_mismatch"). */
  reason?: string;
}

export interface IntentScore {
  name: string;
  confidence: number;
}

/** What the dialog expects at this point, so that short answers ("oui", "sms") are read right. */
export type Expectation =
  | { kind: 'yes_no' }
  | { kind: 'email_or_sms' }
  | { kind: 'entity'; entity: EntityType; alternatives?: ChoiceOptionSpec[] }
  | { kind: 'choice'; options: ChoiceOptionSpec[] }
  | { kind: 'free_text'; alternatives?: ChoiceOptionSpec[] };

/** An option of a choice: its id and the words that pick it. */
export interface ChoiceOptionSpec {
  id: string;
  synonyms: string[];
}

export interface ParseOptions {
  expect?: Expectation;
  /** Words that act at any step ("recommencer"): `command` is the one the text says, if any. */
  commands?: Array<{ id: string; synonyms: string[] }>;
}

/** What kind of message it is, beside its topic (src/nlu/act.ts). */
export type MessageKind = 'question' | 'request' | 'statement';

export interface DialogueAct {
  /** A question about something, a request to do it, or neither (a topic alone, an answer…). */
  kind: MessageKind;
  /** Says outright what the person wants done ("je voudrais…", "pouvez-vous…"), not only a problem. */
  wish?: true;
  /** Frustration or an insult ("tu sers à rien", "ça fait 3 fois"). */
  complaint?: true;
  /** Corrects something said before ("je me suis trompée, c'est le 19/06/1987"). */
  correction?: true;
  /** The person does not have or know what was asked ("je ne l'ai pas sur moi"). */
  lacking?: true;
  /** What is lacking exists but is not at hand ("je l'ai pas sur moi"): no new one is needed. */
  notAtHand?: true;
  /** The person will come back later ("je reviendrai ce soir avec mes papiers"). */
  later?: true;
  /** Asks for simpler words ("vous pouvez expliquer plus simplement ?"). */
  simpler?: true;
  /** Asks for what was just said again in another language ("can you explain it in English please?"). */
  sayAgainIn?: Language;
  /** Points at what was just asked ("où je trouve ce numéro ?"). */
  aboutStep?: true;
  /** Another administration's account ("mot de passe caf"): its name in the lexicon. */
  otherAdministration?: string;
  /** Another administration named, account or not ("et pour impots.gouv c pareil ?"): its name in the lexicon. */
  administration?: string;
}

export interface ParseResult {
  text: string;
  language: Language;
  intent: IntentScore;
  /** Every intent, best first (the contract's `ranking`). */
  ranking: IntentScore[];
  entities: Entity[];
  /** Set when the top two intents are within the close-call margin: ask "Voulez-vous dire … ou … ?". */
  closeCall?: [IntentScore, IntentScore];
  /** With a `choice` expectation: the option the text picks, if any. */
  choice?: string;
  /**
   * How `choice` was read: a synonym written in the text, an ordinal ("le deuxième"), or the
   * closest synonym despite typos. Commands and implicit routes only trust a written synonym.
   */
  choiceBy?: 'synonym' | 'ordinal' | 'fuzzy';
  /**
   * With an expectation: true when the text answers it (a yes/no, e-mail or SMS, the expected
   * entity — valid or not —, or a choice). The intent is then "affirm"/"deny" for a yes/no,
   * "inform" for the others, unless the text also carries a request of its own ("non, je veux
   * parler à un conseiller" keeps handoff.agent).
   */
  answered?: boolean;
  /** With `answered`: true when nothing but the answer (and filler words) is in the text. */
  answerOnly?: boolean;
  /** The kind of message (question, request…); absent from fakes. */
  act?: DialogueAct;
  /** With an ask step's `alternatives`: the one the text says (a written synonym). */
  alternative?: string;
  /** With `commands`: the command the text says (a written synonym). */
  command?: string;
  /**
   * With a free-text expectation and values in the message ("nom : Durand, né le 14/07/1988"): what
   * is left once the values and the words that label them are taken out ("Durand").
   */
  residue?: string;
  /**
   * In a long message, the sentence the intent and the act were read from. `aside`: the clause that
   * asks, after an aside that made the whole look out of scope; nothing else in the message counts.
   */
  focus?: { start: number; end: number; aside?: true };
}

export interface Nlu {
  parse(text: string, options?: ParseOptions): ParseResult;
  /**
   * The option a text names by one of its written synonyms, without the rest of a parse (a route
   * of a procedure, an alternative): cheap. Optional: fakes may only have `parse`.
   */
  pick?(text: string, options: ChoiceOptionSpec[]): string | undefined;
  /** The normalised, stemmed words of a text, as the classifier reads them (optional: fakes may omit it). */
  terms?(text: string, language: Language): string[];
}

/**
 * The result of checking one answer to one question (a step of a procedure).
 * `reason` is a stable code the dialogs map to French copy; `details` carries numbers for that copy
 * (e.g. { missing: 1 } for "il manque un chiffre").
 */
export type Validation<T = string> =
  | { ok: true; value: T; details?: Record<string, string | number | boolean> }
  | { ok: false; reason: string; details?: Record<string, string | number | boolean> };

export interface ValidationContext {
  /** Today, for dates in the future and ages. */
  now: Date;
}

/**
 * Reason codes by entity (the dialogs' copy files map each one to a message):
 * - nir: empty | not_a_nir | too_short {missing} | too_long {extra} | key_mismatch | invalid_sex |
 *   invalid_month | invalid_departement; ok results carry details {kind: "nir" | "nia", withKey}
 * - birth_date: empty | not_a_date | invalid_date (31/02) | future | too_old {maxAge}; ok results carry details {age}
 * - postal_code: empty | not_a_postal_code | unknown_departement; ok results carry details {departement}
 * - departement: empty | not_a_departement | unknown_departement
 * - email: empty | not_an_email
 * - phone: empty | not_a_mobile (details {landline: true} for 01–05/09 numbers)
 * - provisional_code: empty | wrong_length {length, expected: 12} | invalid_characters
 * - vitale_serial: empty | wrong_length {length, expected: 11} | not_digits
 * - yes_no, email_or_sms, card_type: empty | not_understood
 */
export type Validator<T = string> = (text: string, context: ValidationContext) => Validation<T>;
